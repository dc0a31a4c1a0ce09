/**
 * Discover, bind and order: the services the user may bind, one service's page, binding it into one
 * of the user's workspaces (its permission claims accepted on the page first), and ordering it through
 * the form generated from its schema, checked as kcp would check it before anything is sent.
 */
import type { Express, Request, Response } from 'express';
import { bindExport } from '../../kcp/bindings.js';
import { exportName } from '../../kcp/exports/ref.js';
import { isForbidden } from '../../kube/errors.js';
import { namespaces, resourcePath } from '../../kube/paths.js';
import type { RestClient } from '../../kube/rest.js';
import type { ResourceSchema } from '../../validate/schemas/catalog.js';
import { addError, checkOrder, hasErrors } from '../form/check.js';
import { exampleYaml } from '../form/example.js';
import { formFields } from '../form/fields.js';
import { objectFromForm } from '../form/values.js';
import { userWorkspaces } from '../kcp/access.js';
import { boundExports } from '../kcp/claims.js';
import { bindableOffers, findResource, type Offer, readOffer } from '../kcp/offers.js';
import { offerBody, offersBody } from '../pages/apis.js';
import { path } from '../pages/html.js';
import { page } from '../pages/layout.js';
import { type OrderView, orderBody } from '../pages/order.js';
import type { Session } from '../session/sessions.js';
import {
  type Catalog,
  clusterWide,
  configuredExport,
  frameOf,
  kcpRefusal,
  refuse,
  signedIn,
  userClient,
  writer,
} from './context.js';

export function serviceRoutes(app: Express, c: Catalog): void {
  app.get('/', (_req, res) => res.redirect(303, '/apis'));

  app.get('/apis', async (req, res) => {
    const s = signedIn(c, req, res);
    if (!s) return;
    const offers = await bindableOffers(userClient(s), c.options.exports, s.home);
    res.type('html').send(page(frameOf(s, 'Services'), offersBody(offers)));
  });

  app.get('/apis/:export', async (req, res) => {
    const s = signedIn(c, req, res);
    if (!s) return;
    const offer = await offerFor(c, s, req, res);
    if (!offer) return;
    const first = offer.resources[0];
    if (first) return res.redirect(303, path('apis', offer.id, first.plural));
    res.type('html').send(page(frameOf(s, offer.id), await offerView(s, offer, undefined)));
  });

  app.get('/apis/:export/:resource', async (req, res) => {
    const s = signedIn(c, req, res);
    if (!s) return;
    const offer = await offerFor(c, s, req, res);
    if (!offer) return;
    const rs = findResource(offer, String(req.params.resource));
    if (!rs) return refuse(res, s, 404, `export ${offer.id} offers no resource ${req.params.resource}`);
    res.type('html').send(page(frameOf(s, rs.kind), await offerView(s, offer, rs.plural)));
  });

  app.post('/apis/:export/bind', async (req, res) => {
    const s = writer(c, req, res);
    if (!s) return;
    const offer = await offerFor(c, s, req, res);
    if (!offer) return;
    const body = req.body as Record<string, string>;
    const plural = body.resource || offer.resources[0]?.plural;
    const again = async (status: number, error: string) =>
      res
        .status(status)
        .type('html')
        .send(page(frameOf(s, offer.id), await offerView(s, offer, plural, error)));
    if (body.accept !== 'yes') return again(422, "Accept the export's permission claims to bind it.");
    const workspace = String(body.workspace ?? '');
    const client = userClient(s);
    try {
      await bindExport(client, client.forCluster(workspace), offer.ref, 60_000, 'Accepted');
    } catch (err) {
      c.log.info({ workspace, export: offer.id, reason: (err as Error).message }, 'bind refused');
      return again(
        kcpRefusal(err)?.status ?? 502,
        `cannot bind ${offer.id} into ${workspace}: ${(err as Error).message}`,
      );
    }
    c.log.info({ user: s.user, workspace, export: offer.id }, 'bound');
    res.redirect(303, plural ? path('apis', offer.id, plural) : path('apis', offer.id));
  });

  app.get('/w/:ws/order/:export/:resource', (req, res) => order(c, req, res, false));
  app.post('/w/:ws/order/:export/:resource', (req, res) => order(c, req, res, true));
}

/** offerFor returns the configured export of the request's :export as the user sees it, or refuses. */
async function offerFor(
  c: Catalog,
  s: Session,
  req: Request,
  res: Response,
  workspace = s.home,
): Promise<Offer | undefined> {
  const ref = configuredExport(c, String(req.params.export));
  if (!ref) {
    refuse(res, s, 404, `this catalog offers no export ${req.params.export}`);
    return undefined;
  }
  return readOffer(userClient(s), ref, workspace);
}

async function offerView(s: Session, offer: Offer, plural: string | undefined, error?: string) {
  const client = userClient(s);
  const rs = plural ? findResource(offer, plural) : undefined;
  const fields = rs ? formFields(rs.schema) : [];
  const all = await userWorkspaces(client, s.home);
  // A workspace the user may not list bindings of counts as not bound: kcp will say why on binding.
  const bindings = await Promise.all(
    all.map((ws) => boundExports(client.forCluster(ws), ws, [offer.ref]).catch(() => [])),
  );
  const bound = all.filter((_, i) =>
    bindings[i]!.some((x) => x.export === exportName(offer.ref) && x.phase === 'Bound'),
  );
  return offerBody({
    offer,
    resource: rs,
    fields,
    example: rs
      ? exampleYaml(`${rs.group}/${rs.version}`, rs.kind, fields, rs.namespaced ? 'apps' : undefined)
      : '',
    unbound: all.filter((w) => !bound.includes(w)),
    bound,
    csrf: s.csrf,
    error,
  });
}

async function namespacesOf(ws: RestClient): Promise<string[]> {
  try {
    const list = await ws.list(resourcePath(namespaces));
    return list.items.map((n) => n.metadata?.name ?? '').filter((n) => n !== '' && !n.startsWith('kube-'));
  } catch (err) {
    if (isForbidden(err)) return [];
    throw err;
  }
}

/** Ordering is one order form's request: who, where, what, and the page to answer with. */
interface Ordering {
  c: Catalog;
  s: Session;
  res: Response;
  workspace: string;
  ws: RestClient;
  rs: ResourceSchema;
  view: OrderView;
}

/** order shows the order form (or, when send, checks and sends it and goes to the new claim). */
async function order(c: Catalog, req: Request, res: Response, send: boolean): Promise<void> {
  const s = send ? writer(c, req, res) : signedIn(c, req, res);
  if (!s) return;
  const workspace = String(req.params.ws);
  const offer = await offerFor(c, s, req, res, workspace);
  if (!offer) return;
  const rs = findResource(offer, String(req.params.resource));
  if (!rs)
    return refuse(
      res,
      s,
      404,
      offer.problem ?? `export ${offer.id} offers no resource ${req.params.resource}`,
    );
  const ws = userClient(s).forCluster(workspace);
  const nss = await namespacesOf(ws);
  const values: Record<string, string> = send
    ? Object.fromEntries(Object.entries(req.body as Record<string, unknown>).map(([k, v]) => [k, String(v)]))
    : { 'metadata.namespace': nss.find((n) => n !== 'default') ?? nss[0] ?? 'default' };
  const view: OrderView = {
    action: path('w', workspace, 'order', offer.id, rs.plural),
    kind: rs.kind,
    workspace,
    namespaced: rs.namespaced,
    namespaces: nss,
    fields: formFields(rs.schema),
    values,
    errors: { byField: {}, general: [] },
    csrf: s.csrf,
  };
  const o: Ordering = { c, s, res, workspace, ws, rs, view };
  if (send) await sendOrder(o);
  else showOrder(o, 200);
}

function showOrder(o: Ordering, status: number): void {
  o.res
    .status(status)
    .type('html')
    .send(page(frameOf(o.s, `Order a ${o.rs.kind}`), orderBody(o.view)));
}

/** sendOrder checks the order as kcp would and sends it, or shows the form again with what is wrong. */
async function sendOrder(o: Ordering): Promise<void> {
  const { rs, view } = o;
  const namespace = rs.namespaced ? (view.values['metadata.namespace']?.trim() ?? '') : undefined;
  const name = view.values['metadata.name']?.trim() ?? '';
  const target = { apiVersion: `${rs.group}/${rs.version}`, kind: rs.kind, name, namespace };
  const built = objectFromForm(view.fields, view.values, target);
  const checked = checkOrder(built.object, rs, view.fields);
  for (const [field, message] of Object.entries(built.errors)) addError(checked, field, message);
  if (hasErrors(checked)) {
    view.errors = checked;
    return showOrder(o, 422);
  }
  try {
    await o.ws.create(
      resourcePath({ group: rs.group, version: rs.version, resource: rs.plural }, namespace),
      built.object,
    );
  } catch (err) {
    const refusal = kcpRefusal(err);
    if (!refusal) throw err;
    view.errors = { byField: {}, general: [refusal.message] };
    return showOrder(o, refusal.status);
  }
  o.c.log.info({ user: o.s.user, workspace: o.workspace, kind: rs.kind, namespace, name }, 'ordered');
  o.res.redirect(303, path('w', o.workspace, 'claims', rs.plural, namespace ?? clusterWide, name));
}
