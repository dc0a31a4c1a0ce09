/**
 * Signed-in users, kept in the catalog's memory only: the session id in the browser's cookie is a
 * random 256-bit value that names an entry here, so no credential ever leaves the server in a cookie,
 * a URL or a log line. Each session carries its own CSRF token, which every form that writes sends
 * back (synchronizer token pattern); sessions expire after a while idle and at a hard limit.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Credentials } from '../../kube/credentials.js';

/** Session is one signed-in user: how to reach kcp as them, and what the pages need to know of them. */
export interface Session {
  id: string;
  csrf: string;
  /** credentials are the user's own, pointed at their home workspace (`/clusters/<home>`). */
  credentials: Credentials;
  /** home is the workspace the user signed in to, e.g. root:org-a:team-a. */
  home: string;
  /** user is who kcp says the user is, when it says so (SelfSubjectReview). */
  user?: string;
  created: number;
  seen: number;
}

export interface SessionLimits {
  idleMs: number;
  maxMs: number;
}

export const defaultLimits: SessionLimits = { idleMs: 30 * 60_000, maxMs: 12 * 3600_000 };

/** newToken returns a random URL-safe token of 32 bytes. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** tokensEqual compares two tokens in constant time (a wrong CSRF token teaches nothing by its timing). */
export function tokensEqual(a: string | undefined, b: string | undefined): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** Sessions holds the signed-in users. */
export class Sessions {
  private readonly byId = new Map<string, Session>();

  constructor(
    private readonly limits: SessionLimits = defaultLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** create returns a new session for credentials; the caller sets its id as the cookie. */
  create(credentials: Credentials, home: string, user?: string): Session {
    this.sweep();
    const t = this.now();
    const s: Session = { id: newToken(), csrf: newToken(), credentials, home, user, created: t, seen: t };
    this.byId.set(s.id, s);
    return s;
  }

  /** get returns the live session of id and marks it seen, or undefined (unknown or expired: removed). */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.byId.get(id);
    if (!s) return undefined;
    const t = this.now();
    if (t - s.seen > this.limits.idleMs || t - s.created > this.limits.maxMs) {
      this.byId.delete(id);
      return undefined;
    }
    s.seen = t;
    return s;
  }

  /** remove ends the session of id (sign-out). */
  remove(id: string | undefined): void {
    if (id) this.byId.delete(id);
  }

  get size(): number {
    return this.byId.size;
  }

  private sweep(): void {
    for (const id of [...this.byId.keys()]) this.get(id);
  }
}

/** validCsrf reports whether token is the session's CSRF token. */
export function validCsrf(session: Session, token: unknown): boolean {
  return tokensEqual(session.csrf, typeof token === 'string' ? token : undefined);
}
