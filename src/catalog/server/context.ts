/**
 * What every route needs: the catalog's options and sessions, the signed-in user's session and a kcp
 * client acting as them (one per session, so its connections are reused), and replies for the common
 * refusals.
 */
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { type ExportRef, exportName } from '../../kcp/exports/ref.js';
import { ApiError } from '../../kube/errors.js';
import { RestClient } from '../../kube/rest.js';
import type { CatalogOptions } from '../config.js';
import { errorBody, page } from '../pages/layout.js';
import { parseCookies, sessionCookie } from '../session/cookies.js';
import { type Session, type Sessions, validCsrf } from '../session/sessions.js';
import type { CatalogMetrics } from './metrics.js';

export interface Catalog {
  options: CatalogOptions;
  sessions: Sessions;
  log: Logger;
  metrics: CatalogMetrics;
}

/** clusterWide stands for the namespace in the URL of a cluster-scoped claim. */
export const clusterWide = '_';

const clients = new WeakMap<Session, RestClient>();

/** sessionOf returns the request's live session, or undefined. */
export function sessionOf(c: Catalog, req: Request): Session | undefined {
  return c.sessions.get(parseCookies(req.headers.cookie)[sessionCookie]);
}

/** userClient returns a client acting as the session's user, on their home workspace. */
export function userClient(s: Session): RestClient {
  let client = clients.get(s);
  if (!client) {
    client = new RestClient(s.credentials);
    clients.set(s, client);
  }
  return client;
}

/** signedIn returns the session, or redirects to the sign-in page and returns undefined. */
export function signedIn(c: Catalog, req: Request, res: Response): Session | undefined {
  const s = sessionOf(c, req);
  if (!s) res.redirect(303, '/signin');
  return s;
}

/** writer returns the session when the request is a write of a signed-in user with its CSRF token, else refuses it. */
export function writer(c: Catalog, req: Request, res: Response): Session | undefined {
  const s = signedIn(c, req, res);
  if (!s) return undefined;
  if (!validCsrf(s, (req.body as Record<string, unknown> | undefined)?._csrf)) {
    refuse(
      res,
      s,
      403,
      'This form has expired or was not sent by the catalog (CSRF token missing or wrong). Reload the page and try again.',
    );
    return undefined;
  }
  return s;
}

/** frameOf returns the page frame for a signed-in user. */
export function frameOf(s: Session, title: string, script?: string) {
  return { title, script, user: { name: s.user ?? 'signed in', home: s.home, csrf: s.csrf } };
}

/** refuse answers with an error page of status. */
export function refuse(res: Response, s: Session | undefined, status: number, message: string): void {
  const frame = s
    ? frameOf(s, status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : 'Something went wrong')
    : { title: 'Error' };
  res
    .status(status)
    .type('html')
    .send(page(frame, errorBody(message)));
}

/** configuredExport returns the catalog's export named id, or undefined. */
export function configuredExport(c: Catalog, id: string): ExportRef | undefined {
  return c.options.exports.find((e) => exportName(e) === id);
}

/** kcpRefusal returns the status and message a kcp error is shown with, in kcp's own words. */
export function kcpRefusal(err: unknown): { status: number; message: string } | undefined {
  if (!(err instanceof ApiError)) return undefined;
  if (err.status === 403)
    return { status: 403, message: `kcp does not allow you this: ${err.serverMessage}` };
  if (err.status === 404) return { status: 404, message: `kcp has no such object: ${err.serverMessage}` };
  return {
    status: err.status >= 500 ? 502 : err.status,
    message: `kcp answered ${err.status}: ${err.serverMessage}`,
  };
}
