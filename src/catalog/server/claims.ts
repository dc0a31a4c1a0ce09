/**
 * Watch: a workspace's claims (live), one claim with its conditions (live), recent events and
 * connection Secret, whose values are shown only in answer to a POST carrying the CSRF token (never a
 * GET with anything secret in its URL), on a page that is not cached.
 */
import type { Express, Request, Response } from 'express';
import { stringify } from 'yaml';
import { isForbidden, isNotFound } from '../../kube/errors.js';
import { resourcePath, secrets } from '../../kube/paths.js';
import type { RestClient } from '../../kube/rest.js';
import { userWorkspaces } from '../kcp/access.js';
import {
  type Bound,
  boundExports,
  type Claim,
  claimEvents,
  claimRow,
  listClaims,
  secretData,
} from '../kcp/claims.js';
import { type ClaimView, claimBody, claimsBody } from '../pages/claims.js';
import { path } from '../pages/html.js';
import { page } from '../pages/layout.js';
import type { Session } from '../session/sessions.js';
import { type Catalog, clusterWide, frameOf, refuse, signedIn, userClient, writer } from './context.js';
import { type Relayed, relay } from './live.js';

export function claimRoutes(app: Express, c: Catalog): void {
  app.get('/claims', (req, res) => {
    const s = signedIn(c, req, res);
    if (s) res.redirect(303, path('w', s.home, 'claims'));
  });

  app.get('/w/:ws/claims', async (req, res) => {
    const s = signedIn(c, req, res);
    if (!s) return;
    const workspace = String(req.params.ws);
    const ws = userClient(s).forCluster(workspace);
    const [bound, workspaces] = await Promise.all([
      boundExports(ws, workspace, c.options.exports),
      userWorkspaces(userClient(s), s.home),
    ]);
    const rows = await listClaims(ws, bound);
    if (!workspaces.includes(workspace)) workspaces.push(workspace);
    res
      .type('html')
      .send(
        page(
          frameOf(s, 'Claims', 'live.js'),
          claimsBody({ workspace, workspaces, rows, notBound: bound.length === 0 }),
        ),
      );
  });

  app.get('/w/:ws/claims/events', async (req, res) => {
    const s = signedIn(c, req, res);
    if (!s) return;
    const workspace = String(req.params.ws);
    const ws = userClient(s).forCluster(workspace);
    const bound = await boundExports(ws, workspace, c.options.exports);
    relay(
      req,
      res,
      c.log,
      bound
        .flatMap((b) => b.resources)
        .map((r) => ({
          event: 'claim' as const,
          client: ws,
          path: resourcePath(r),
          data: (obj, type) => ({ type, row: claimRow(obj as Claim, r.resource) }),
        })),
    );
  });

  app.get('/w/:ws/claims/:resource/:ns/:name', (req, res) => claim(c, req, res, false));
  app.post('/w/:ws/claims/:resource/:ns/:name/reveal', (req, res) => claim(c, req, res, true));

  app.get('/w/:ws/claims/:resource/:ns/:name/events', async (req, res) => {
    const s = signedIn(c, req, res);
    if (!s) return;
    const found = await located(c, s, req, res);
    if (!found) return;
    // The connection Secret is followed for its keys only: values never go out on a GET.
    const claim = await found.ws.get<Claim>(found.object);
    const secretName = claim.spec?.writeConnectionSecretToRef?.name;
    const secret: Relayed[] =
      secretName && found.ns
        ? [
            {
              event: 'secret',
              client: found.ws,
              path: resourcePath(secrets, found.ns),
              query: { fieldSelector: `metadata.name=${secretName}` },
              data: (obj, type) =>
                type === 'DELETED'
                  ? { keys: [] }
                  : { keys: Object.keys((obj as { data?: object }).data ?? {}).sort() },
            },
          ]
        : [];
    relay(req, res, c.log, [
      {
        event: 'claim',
        client: found.ws,
        path: found.collection,
        query: { fieldSelector: `metadata.name=${found.name}` },
        data: (obj) => ({ conditions: (obj as Claim).status?.conditions ?? [] }),
      },
      ...secret,
    ]);
  });
}

/** located returns where the request's claim is (its workspace client and collection), or refuses. */
async function located(c: Catalog, s: Session, req: Request, res: Response) {
  const workspace = String(req.params.ws);
  const ws = userClient(s).forCluster(workspace);
  const bound: Bound[] = await boundExports(ws, workspace, c.options.exports);
  const r = bound.flatMap((b) => b.resources).find((x) => x.resource === req.params.resource);
  if (!r) {
    refuse(res, s, 404, `workspace ${workspace} binds no ${req.params.resource} of this catalog`);
    return undefined;
  }
  const ns = String(req.params.ns) === clusterWide ? undefined : String(req.params.ns);
  const name = String(req.params.name);
  return { workspace, ws, ns, name, collection: resourcePath(r, ns), object: resourcePath(r, ns, name) };
}

async function claim(c: Catalog, req: Request, res: Response, reveal: boolean): Promise<void> {
  const s = reveal ? writer(c, req, res) : signedIn(c, req, res);
  if (!s) return;
  const at = await located(c, s, req, res);
  if (!at) return;
  const obj = await at.ws.get<Claim>(at.object);
  const events = at.ns ? await claimEvents(at.ws, at.ns, at.name).catch(() => []) : [];
  const secretName = obj.spec?.writeConnectionSecretToRef?.name;
  const secret = secretName && at.ns ? await connectionSecret(at.ws, at.ns, secretName, reveal) : undefined;
  if (reveal)
    c.log.info(
      { user: s.user, workspace: at.workspace, namespace: at.ns, secret: secretName },
      'secret values revealed',
    );
  res.setHeader('cache-control', 'no-store');
  res.type('html').send(
    page(
      frameOf(s, `${obj.kind ?? 'Claim'} ${at.ns ? `${at.ns}/` : ''}${at.name}`, 'live.js'),
      claimBody({
        workspace: at.workspace,
        resource: String(req.params.resource),
        namespace: at.ns ?? clusterWide,
        name: at.name,
        kind: obj.kind ?? '',
        conditions: obj.status?.conditions ?? [],
        events,
        secret,
        spec: stringify({ spec: obj.spec ?? {} }),
        csrf: s.csrf,
      }),
    ),
  );
}

/** connectionSecret returns what the claim page shows of Secret ns/name: its keys, and values when reveal. */
async function connectionSecret(
  ws: RestClient,
  ns: string,
  name: string,
  reveal: boolean,
): Promise<ClaimView['secret']> {
  try {
    const data = await secretData(ws, ns, name);
    return { name, keys: Object.keys(data).sort(), values: reveal ? data : undefined };
  } catch (err) {
    if (isNotFound(err))
      return { name, keys: [], problem: 'Not written yet: it appears once the claim is Ready.' };
    if (isForbidden(err)) return { name, keys: [], problem: 'You may not read it.' };
    throw err;
  }
}
