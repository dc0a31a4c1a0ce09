/**
 * The catalog's express app: security headers on every answer (a Content-Security-Policy that allows
 * the catalog's own script and styles only, no framing, no referrer), form bodies parsed, the request
 * logged by method, path (never a query or body: nothing secret is in a path), status and time, the
 * routes, and kcp's refusals shown as pages in kcp's words.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { css, liveJs } from '../static/assets.js';
import { authRoutes } from './auth.js';
import { claimRoutes } from './claims.js';
import { type Catalog, kcpRefusal, refuse, sessionOf } from './context.js';
import { serviceRoutes } from './services.js';

const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** catalogApp returns the catalog's request handler. */
export function catalogApp(c: Catalog): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const t0 = process.hrtime.bigint();
    res.setHeader('content-security-policy', csp);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('cache-control', 'no-store');
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      c.metrics.requests.observe({ method: req.method, status: res.statusCode }, ms / 1000);
      c.log.debug(
        { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms) },
        'request',
      );
    });
    next();
  });
  app.use(express.urlencoded({ extended: false, limit: '256kb' }));
  // A cross-site form post never reaches a route: browsers send Origin on POST.
  app.use((req, res, next) => {
    const origin = req.headers.origin;
    if (req.method === 'POST' && origin && origin !== 'null' && new URL(origin).host !== req.headers.host) {
      return refuse(res, undefined, 403, 'This form was sent from another site.');
    }
    next();
  });
  app.get('/healthz', (_req, res) => res.type('text').send('ok'));
  app.get('/readyz', (_req, res) => res.type('text').send('ok'));
  app.get('/metrics', async (_req, res) => {
    res.type(c.metrics.registry.contentType).send(await c.metrics.registry.metrics());
  });
  app.get('/static/catalog.css', (_req, res) =>
    res.setHeader('cache-control', 'max-age=3600').type('css').send(css),
  );
  app.get('/static/live.js', (_req, res) =>
    res.setHeader('cache-control', 'max-age=3600').type('js').send(liveJs),
  );
  authRoutes(app, c);
  serviceRoutes(app, c);
  claimRoutes(app, c);
  app.use((req: Request, res: Response) => refuse(res, sessionOf(c, req), 404, `No page ${req.path}.`));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const refusal = kcpRefusal(err);
    if (!refusal) c.log.error({ err, method: req.method, path: req.path }, 'cannot answer');
    if (res.headersSent) return res.end();
    refuse(res, sessionOf(c, req), refusal?.status ?? 500, refusal?.message ?? (err as Error).message);
  });
  return app;
}
