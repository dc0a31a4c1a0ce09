/** A non-2xx answer from a Kubernetes-style API server, carrying its Status reason and message. */
export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly reason: string,
    readonly serverMessage: string,
  ) {
    super(`${method} ${url}: ${status} ${reason}: ${serverMessage}`);
    this.name = 'ApiError';
  }
}

/** isNotFound reports whether err is an ApiError for a missing object. */
export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404;
}

/** isConflict reports whether err is an ApiError for an object that already exists or changed meanwhile. */
export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.status === 409;
}

/** isForbidden reports whether err is an ApiError refusing the caller. */
export function isForbidden(err: unknown): boolean {
  return err instanceof ApiError && err.status === 403;
}
