/**
 * Helpers of the sharded platform's e2e: bridge replicas run as processes of the built kxp (so a
 * test can kill one as a crash would), where a logical cluster lives, what an export's endpoint
 * slice lists, and the memory of a process.
 */
import { readFileSync } from 'node:fs';
import { type EndpointSlice, endpointURLs } from '../../src/bridge/kcp/endpoints.js';
import { apiExportEndpointSlices } from '../../src/kcp/apis.js';
import { resourcePath } from '../../src/kube/paths.js';
import type { RestClient } from '../../src/kube/rest.js';
import type { BridgeIdentity } from '../../src/stack/bridge-identity.js';
import type { KcpShard } from '../../src/stack/kcp.js';
import { freePorts } from '../../src/stack/ports.js';
import { PeerProcess } from '../../src/stack/process.js';
import { httpOk, waitUntil } from '../../src/stack/ready.js';
import { databaseWorkspace, exportName, scenarioBridgeArgs } from '../../src/stack/scenario.js';

/** A bridge replica: its process and its /metrics URL. */
export interface Replica {
  process: PeerProcess;
  metricsUrl: string;
}

/** startReplica starts a bridge replica of the scenario's export (crossplane-first) as identity, and waits for its /readyz. */
export async function startReplica(
  dir: string,
  name: string,
  identity: BridgeIdentity,
  extraArgs: string[] = [],
): Promise<Replica> {
  const [port = 0] = await freePorts(1);
  const process_ = PeerProcess.start(name, process.execPath, scenarioBridgeArgs(identity, port, extraArgs), {
    dir,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitUntil(name, 'its /readyz', httpOk(`${base}/readyz`), { timeoutMs: 30_000, process: process_ });
  return { process: process_, metricsUrl: `${base}/metrics` };
}

/** metric returns the value of one sample (name and labels as they print) of a /metrics text, or undefined. */
export async function metric(url: string, sample: string): Promise<number | undefined> {
  const text = await (await fetch(url)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}

/** heldEndpoints returns the endpoints a replica's /metrics says it holds (kxp_bridge_endpoint_held 1). */
export async function heldEndpoints(url: string): Promise<string[]> {
  const text = await (await fetch(url)).text();
  return [...text.matchAll(/^kxp_bridge_endpoint_held\{endpoint="([^"]+)"\} 1$/gm)]
    .map((m) => m[1] ?? '')
    .sort();
}

/** sliceEndpoints returns the virtual workspace URLs the export's endpoint slice lists now. */
export async function sliceEndpoints(admin: RestClient): Promise<string[]> {
  const slice = await admin
    .forCluster(databaseWorkspace)
    .get<EndpointSlice>(resourcePath(apiExportEndpointSlices, undefined, exportName));
  return endpointURLs(slice);
}

/** shardOf returns the name of the shard that holds logical cluster, asking each shard itself. */
export async function shardOf(shards: KcpShard[], cluster: string): Promise<string | undefined> {
  for (const shard of shards) {
    try {
      await shard.admin.forCluster(cluster).get('/apis/core.kcp.io/v1alpha1/logicalclusters/cluster');
      return shard.name;
    } catch {
      // not on this shard
    }
  }
  return undefined;
}

/** rssMiB returns the resident memory of a process in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kb / 1024);
}
