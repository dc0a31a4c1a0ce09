/** Sign-in and sign-out routes. */
import type { Express } from 'express';
import { RestClient } from '../../kube/rest.js';
import { whoAmI } from '../kcp/access.js';
import { page } from '../pages/layout.js';
import { signinBody } from '../pages/signin.js';
import { parseCookies, sessionCookie, sessionSetCookie } from '../session/cookies.js';
import { type SignIn, signedIn } from '../session/signin.js';
import { type Catalog, sessionOf, writer } from './context.js';

export function authRoutes(app: Express, c: Catalog): void {
  app.get('/signin', (req, res) => {
    if (sessionOf(c, req)) return res.redirect(303, '/apis');
    res.type('html').send(page({ title: 'Sign in' }, signinBody()));
  });

  app.post('/signin', async (req, res) => {
    const form = (req.body ?? {}) as SignIn;
    let session: ReturnType<Catalog['sessions']['create']>;
    try {
      const who = signedIn(form, c.options);
      const user = await whoAmI(new RestClient(who.credentials));
      session = c.sessions.create(who.credentials, who.home, user);
    } catch (err) {
      c.metrics.signIns.inc({ result: 'refused' });
      c.log.info({ reason: (err as Error).message }, 'sign-in refused');
      res
        .status(401)
        .type('html')
        .send(page({ title: 'Sign in' }, signinBody((err as Error).message, form.workspace ?? '')));
      return;
    }
    c.metrics.signIns.inc({ result: 'accepted' });
    c.log.info({ user: session.user, home: session.home }, 'signed in');
    res.setHeader('set-cookie', sessionSetCookie(session.id, 12 * 3600));
    res.redirect(303, '/apis');
  });

  app.post('/signout', (req, res) => {
    const s = writer(c, req, res);
    if (!s) return;
    c.sessions.remove(parseCookies(req.headers.cookie)[sessionCookie]);
    res.setHeader('set-cookie', sessionSetCookie('', 0));
    res.redirect(303, '/signin');
  });
}
