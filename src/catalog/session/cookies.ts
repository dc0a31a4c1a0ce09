/**
 * The session cookie: `Secure` (browsers also keep Secure cookies of http://localhost and 127.0.0.1,
 * which count as secure origins), `HttpOnly` (no script reads it), `SameSite=Strict` (no other site's
 * page sends it along: a second line against cross-site writes besides the CSRF token), `Path=/`.
 */
export const sessionCookie = 'kxp_catalog';

/** parseCookies returns the cookies of a Cookie header by name (the first of a repeated name wins). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === '' || name in out) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

/** sessionSetCookie returns the Set-Cookie header value that stores id; maxAgeS 0 deletes it. */
export function sessionSetCookie(id: string, maxAgeS: number): string {
  return `${sessionCookie}=${encodeURIComponent(id)}; Path=/; Max-Age=${maxAgeS}; HttpOnly; Secure; SameSite=Strict`;
}
