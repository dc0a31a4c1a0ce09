import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { peerBinary } from './peers.js';
import { freePorts } from './ports.js';
import { PeerProcess } from './process.js';
import { httpOk, waitUntil } from './ready.js';

export interface Etcd {
  process: PeerProcess;
  clientUrl: string;
}

/** startEtcd starts a single-member etcd on loopback, backing the service cluster's API server. */
export async function startEtcd(dir: string, detach: boolean): Promise<Etcd> {
  const [client, peer] = await freePorts(2);
  const clientUrl = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const data = join(dir, 'etcd');
  mkdirSync(data, { recursive: true });
  const process = PeerProcess.start(
    'etcd',
    peerBinary('etcd'),
    [
      `--data-dir=${data}`,
      `--listen-client-urls=${clientUrl}`,
      `--advertise-client-urls=${clientUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=default=${peerUrl}`,
      '--unsafe-no-fsync',
      '--log-level=warn',
    ],
    { dir, detach },
  );
  await waitUntil('etcd', `${clientUrl}/health`, httpOk(`${clientUrl}/health`), {
    timeoutMs: 30_000,
    process,
  });
  return { process, clientUrl };
}
