/** A non-2xx answer from a Kubernetes-style API server, carrying its Status reason and message. */
export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly reason: string,
    readonly serverMessage: string,
    /** details are the Status object's details: for a missing object, its name and kind. */
    readonly details: { name?: string; group?: string; kind?: string } = {},
  ) {
    super(`${method} ${url}: ${status} ${reason}: ${serverMessage}`);
    this.name = 'ApiError';
  }
}

/** isNotFound reports whether err is an ApiError for a missing object. */
export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404;
}

/**
 * isObjectNotFound reports whether err says that the object name itself does not exist. A server
 * names the missing object in the Status's details; a 404 for the whole resource or path (a virtual
 * workspace or a CRD not served yet while kcp or kube-apiserver restarts, a route not registered)
 * names none, and must not be read as the object's deletion.
 */
export function isObjectNotFound(err: unknown, name: string): boolean {
  return isNotFound(err) && (err as ApiError).details.name === name;
}

/** isConflict reports whether err is an ApiError for an object that already exists or changed meanwhile. */
export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.status === 409;
}

/** isForbidden reports whether err is an ApiError refusing the caller. */
export function isForbidden(err: unknown): boolean {
  return err instanceof ApiError && err.status === 403;
}
