// Errors of the registry client. Every message names the step, the registry and the repository
// (`cannot push blob sha256:… to 127.0.0.1:5000/fn/x: denied: ...`), and carries the registry's
// own error codes when it sent them.

/** Why a registry operation failed, for callers that branch on it. */
export type RegistryErrorReason =
  /** The registry could not be connected to (refused, reset, timed out, name not resolved). */
  | 'unreachable'
  /** The TLS connection failed (an untrusted or mismatched certificate). */
  | 'tls'
  /** The registry asked for credentials and had none, or refused the ones it got (401). */
  | 'unauthorized'
  /** The credentials were accepted but do not allow this (403, or DENIED). */
  | 'denied'
  /** The repository, manifest or blob does not exist (404). */
  | 'not-found'
  /** Content did not match its digest. */
  | 'digest-mismatch'
  /** Any other answer the client did not expect. */
  | 'http';

/** One entry of the registry's error body, `{"errors":[{"code","message","detail"}]}`. */
export interface RegistryErrorDetail {
  code: string;
  message: string;
  detail?: unknown;
}

/** A failed registry operation: which step, where, why, and the registry's own error entries. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';

  constructor(
    message: string,
    readonly reason: RegistryErrorReason,
    readonly registry: string,
    readonly repository: string | undefined,
    readonly status?: number,
    readonly errors: RegistryErrorDetail[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** codes returns the registry's error codes (`BLOB_UNKNOWN`, `DENIED`, ...), if it sent any. */
  get codes(): string[] {
    return this.errors.map((e) => e.code);
  }
}

/**
 * parseErrorBody returns the entries of a registry's error JSON, or none when the body is not
 * one (a proxy's HTML page, an empty HEAD answer).
 */
export function parseErrorBody(body: Buffer): RegistryErrorDetail[] {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: unknown };
    if (!Array.isArray(parsed.errors)) return [];
    return parsed.errors
      .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
      .map((e) => ({
        code: String(e.code ?? 'UNKNOWN'),
        message: String(e.message ?? ''),
        ...(e.detail !== undefined ? { detail: e.detail } : {}),
      }));
  } catch {
    return [];
  }
}

/** reasonFor returns the reason an HTTP status and the registry's error codes stand for. */
export function reasonFor(status: number, errors: RegistryErrorDetail[]): RegistryErrorReason {
  const codes = new Set(errors.map((e) => e.code));
  if (status === 401 || codes.has('UNAUTHORIZED')) return 'unauthorized';
  if (status === 403 || codes.has('DENIED')) return 'denied';
  if (status === 404) return 'not-found';
  if (codes.has('DIGEST_INVALID')) return 'digest-mismatch';
  return 'http';
}

/**
 * describeAnswer returns the `why` part of an error message for an HTTP answer: the registry's
 * error entries (`denied: requested access to the resource is denied`) or the body's start,
 * then the status.
 */
export function describeAnswer(status: number, errors: RegistryErrorDetail[], body: Buffer): string {
  const reason = reasonFor(status, errors);
  const prefix = reason === 'unauthorized' || reason === 'denied' ? 'denied: ' : '';
  const entries = errors.map((e) => `${e.code}${e.message ? `: ${e.message}` : ''}${detailText(e.detail)}`);
  const text = entries.length ? entries.join('; ') : body.toString('utf8').trim().slice(0, 200);
  return `${prefix}${text || statusText[status] || 'no details'} (HTTP ${status})`;
}

function detailText(detail: unknown): string {
  // A string detail is worth quoting (the digest a manifest misses); structured ones (the access
  // a token lacked) only repeat what the message says.
  return typeof detail === 'string' && detail ? ` (${detail})` : '';
}

const statusText: Record<number, string> = {
  401: 'authentication required',
  403: 'access denied',
  404: 'not found',
};
