import { parse, stringify } from 'yaml';
import { parseCookies, sessionCookie, sessionSetCookie } from './cookies.js';
import { Sessions, tokensEqual, validCsrf } from './sessions.js';
import { signedIn } from './signin.js';

const creds = { server: 'https://kcp:6443/clusters/root:org-a:team-a', token: 'secret-token' };

describe('Sessions', () => {
  it('gives each session a random id and CSRF token, and finds it by id', () => {
    const sessions = new Sessions();
    const a = sessions.create(creds, 'root:org-a:team-a', 'team-a');
    const b = sessions.create(creds, 'root:org-a:team-a', 'team-a');
    expect(a.id).not.toBe(b.id);
    expect(a.csrf).not.toBe(a.id);
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sessions.get(a.id)).toBe(a);
    expect(sessions.get('nope')).toBeUndefined();
    expect(sessions.get(undefined)).toBeUndefined();
  });

  it('forgets a session idle too long, or older than its limit, and one signed out', () => {
    let now = 0;
    const sessions = new Sessions({ idleMs: 100, maxMs: 250 }, () => now);
    const s = sessions.create(creds, 'root:a');
    now = 90;
    expect(sessions.get(s.id)).toBe(s);
    now = 180; // seen at 90: 90 ms idle
    expect(sessions.get(s.id)).toBe(s);
    now = 260; // older than 250
    expect(sessions.get(s.id)).toBeUndefined();
    const t = sessions.create(creds, 'root:a');
    now = 400;
    expect(sessions.get(t.id)).toBeUndefined();
    const u = sessions.create(creds, 'root:a');
    sessions.remove(u.id);
    expect(sessions.get(u.id)).toBeUndefined();
  });

  it('accepts only the session’s own CSRF token', () => {
    const s = new Sessions().create(creds, 'root:a');
    expect(validCsrf(s, s.csrf)).toBe(true);
    expect(validCsrf(s, `${s.csrf}x`)).toBe(false);
    expect(validCsrf(s, '')).toBe(false);
    expect(validCsrf(s, undefined)).toBe(false);
    expect(validCsrf(s, [s.csrf])).toBe(false);
    expect(tokensEqual('', '')).toBe(false);
  });
});

describe('cookies', () => {
  it('parses a Cookie header, the first of a name winning', () => {
    expect(parseCookies(`a=1; ${sessionCookie}=x%2By; a=2; bad; =v`)).toEqual({
      a: '1',
      [sessionCookie]: 'x+y',
    });
    expect(parseCookies(undefined)).toEqual({});
  });

  it('sets the session cookie Secure, HttpOnly and SameSite=Strict', () => {
    expect(sessionSetCookie('abc', 60)).toBe(
      `${sessionCookie}=abc; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Strict`,
    );
  });
});

describe('signedIn', () => {
  const o = { kcpServer: 'https://127.0.0.1:6443', kcpCa: 'CA' };
  const kubeconfig = (server: string, user: Record<string, unknown> = { token: 't0k' }) =>
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    });

  it('takes a token and a workspace for the catalog’s kcp', () => {
    expect(signedIn({ token: ' t ', workspace: 'root:org-a:team-a' }, o)).toEqual({
      credentials: { server: 'https://127.0.0.1:6443/clusters/root:org-a:team-a', ca: 'CA', token: 't' },
      home: 'root:org-a:team-a',
    });
  });

  it('takes a kubeconfig and its workspace from the server URL', () => {
    const s = signedIn({ kubeconfig: kubeconfig('https://127.0.0.1:6443/clusters/root:org-a:team-a') }, o);
    expect(s.home).toBe('root:org-a:team-a');
    expect(s.credentials).toMatchObject({
      server: 'https://127.0.0.1:6443/clusters/root:org-a:team-a',
      token: 't0k',
      ca: 'CA',
    });
  });

  it.each([
    [{}, 'give a kubeconfig, or a token and a workspace'],
    [{ token: 't' }, 'give the workspace the token is for'],
    [{ token: 't', workspace: 'root:../x' }, 'is not a workspace path'],
    [
      { kubeconfig: kubeconfig('https://evil.example:6443/clusters/root:a') },
      'the kubeconfig is for https://evil.example:6443',
    ],
    [
      { kubeconfig: kubeconfig('https://127.0.0.1:6443/clusters/root:a', { tokenFile: '/etc/shadow' }) },
      'names local files or programs (tokenFile)',
    ],
    [
      { kubeconfig: kubeconfig('https://127.0.0.1:6443/clusters/root:a', { exec: { command: 'sh' } }) },
      'names local files or programs (exec)',
    ],
    [{ kubeconfig: kubeconfig('https://127.0.0.1:6443') }, 'points at no workspace'],
    [{ kubeconfig: 'a: [' }, 'cannot load kubeconfig kubeconfig'],
  ])('refuses %j', (form, message) => {
    expect(() => signedIn(form, o)).toThrow(message);
  });

  it('does not repeat the kubeconfig’s text (its token) in the error of a YAML mistake', () => {
    const broken = kubeconfig('https://127.0.0.1:6443/clusters/root:a', { token: 'x' }).replace(
      'token: x',
      'token: very-secret: x',
    );
    expect(() => parse(broken)).toThrow('very-secret'); // what the YAML parser says, quoting the line
    expect(() => signedIn({ kubeconfig: broken }, o)).toThrow(/^(?![\s\S]*very-secret)/);
  });
});
