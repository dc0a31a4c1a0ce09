/**
 * Endpoint discovery: an APIExport is served by one virtual workspace per shard, listed in the
 * APIExportEndpointSlice of the same name in the export's workspace. Following the slice (rather
 * than reading it once) picks up shards that join or leave without a restart.
 */
import type { Logger } from 'pino';
import { apiExportEndpointSlices } from '../../kcp/apis.js';
import { resourcePath } from '../../kube/paths.js';
import type { KubeObject, RestClient } from '../../kube/rest.js';
import { watchCollection } from '../../kube/watch.js';

/** EndpointSlice is the part of an APIExportEndpointSlice the bridge reads. */
export interface EndpointSlice extends KubeObject {
  status?: { endpoints?: { url?: string }[] };
}

/** endpointURLs returns the distinct virtual workspace URLs a slice lists, sorted, without a trailing slash. */
export function endpointURLs(slice: EndpointSlice | undefined): string[] {
  const urls = (slice?.status?.endpoints ?? [])
    .map((e) => e.url?.replace(/\/+$/, ''))
    .filter((u): u is string => typeof u === 'string' && u.length > 0);
  return [...new Set(urls)].sort();
}

/** EndpointChange says which endpoints appeared and which disappeared. */
export interface EndpointChange {
  added: string[];
  removed: string[];
}

/** endpointChange returns what differs between the endpoints served and the endpoints wanted. */
export function endpointChange(served: Iterable<string>, wanted: readonly string[]): EndpointChange {
  const before = new Set(served);
  const after = new Set(wanted);
  return {
    added: wanted.filter((u) => !before.has(u)),
    removed: [...before].filter((u) => !after.has(u)),
  };
}

export interface FollowOptions {
  /** kcp is a client of the export's workspace. */
  kcp: RestClient;
  exportName: string;
  /** onEndpoints is called with every endpoint list that differs from the one before. */
  onEndpoints: (urls: string[]) => void;
  /** onError is told of each failure of the watch (see WatchOptions.onError). */
  onError?: (err: unknown) => boolean;
  signal: AbortSignal;
  log: Logger;
}

/** followEndpoints watches the export's endpoint slice until signal aborts; it never rejects. */
export async function followEndpoints(o: FollowOptions): Promise<void> {
  let last = '';
  const report = (urls: string[]) => {
    const key = urls.join(' ');
    if (key === last) return;
    last = key;
    o.log.info({ export: o.exportName, endpoints: urls }, 'export endpoints changed');
    o.onEndpoints(urls);
  };
  await watchCollection({
    client: o.kcp,
    path: resourcePath(apiExportEndpointSlices),
    query: { fieldSelector: `metadata.name=${o.exportName}` },
    onObject: (obj, type) => report(type === 'DELETED' ? [] : endpointURLs(obj as EndpointSlice)),
    onError: o.onError,
    signal: o.signal,
    log: o.log,
  });
}
