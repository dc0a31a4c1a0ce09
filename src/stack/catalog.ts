/**
 * The service catalog beside the bridge on the local platform: `kxp catalog` as its own process,
 * told kcp's URL and CA only (it holds no identity: teams sign in with their own), offering the
 * scenario's export.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { credentialsFromKubeconfig } from '../kube/credentials.js';
import { freePorts } from './ports.js';
import { PeerProcess } from './process.js';
import { httpOk, waitUntil } from './ready.js';
import { recordProcess, type StackInfo } from './stack.js';

/** startCatalogProcess starts `kxp catalog` (cli is dist/cli/main.js) for exports and returns its URL. */
export async function startCatalogProcess(
  info: StackInfo,
  cli: string,
  exports: readonly string[],
): Promise<string> {
  const caFile = join(info.dir, 'kcp-ca.crt');
  writeFileSync(caFile, credentialsFromKubeconfig(info.kcp.kubeconfig).ca ?? '');
  const [port = 0] = await freePorts(1);
  const catalog = PeerProcess.start(
    'catalog',
    process.execPath,
    [
      cli,
      'catalog',
      ...exports.flatMap((e) => ['--export', e]),
      '--kcp-server',
      info.kcp.url,
      '--kcp-ca',
      caFile,
      '--address',
      `127.0.0.1:${port}`,
    ],
    { dir: info.dir, detach: true },
  );
  recordProcess(info.dir, catalog);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil('catalog', 'its /readyz', httpOk(`${url}/readyz`), { timeoutMs: 30_000, process: catalog });
  return url;
}
