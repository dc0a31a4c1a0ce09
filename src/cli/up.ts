import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { peerBinary } from '../stack/peers.js';
import { isAlive } from '../stack/process.js';
import { readState, type StackInfo, stackFile, startStack, stopRecordedStack } from '../stack/stack.js';

/** up starts the local platform detached in dir and returns what it offers, or the one already running there. */
export async function up(dir: string, log: (m: string) => void): Promise<StackInfo> {
  const abs = resolve(dir);
  if (existsSync(join(abs, stackFile))) {
    const state = readState(abs);
    if (state.kcp && state.processes.every((p) => isAlive(p.pid))) return state;
    await stopRecordedStack(abs, 2000);
  }
  // A fresh platform every time: kcp and etcd must not start over an earlier run's data.
  rmSync(abs, { recursive: true, force: true });
  const stack = await startStack({ dir: abs, detach: true, users: ['team-a', 'team-b'], log });
  return stack.info;
}

/** down stops the local platform recorded in dir and returns the names of the processes it stopped. */
export function down(dir: string): Promise<string[]> {
  return stopRecordedStack(resolve(dir));
}

/** summary returns what a person needs to use a running platform. */
export function summary(info: StackInfo): string {
  const users = Object.entries(info.kcp.users).map(([u, f]) => `    ${u.padEnd(10)} ${f}`);
  return [
    'kxp local platform is up:',
    `  kcp                  ${info.kcp.url}`,
    `    admin kubeconfig   ${info.kcp.kubeconfig}`,
    ...(users.length ? ['  kcp users (no rights until granted):', ...users] : []),
    `  service cluster      ${info.service.url}`,
    `    admin kubeconfig   ${info.service.kubeconfig}`,
    `  crossplane health    ${info.crossplane.healthUrl}/readyz`,
    `  postgresql           ${info.postgres.url}`,
    `  provider-sql         ${info.provider.metricsUrl}`,
    `  logs and state       ${info.dir}`,
    '',
    `  try:  KUBECONFIG=${info.kcp.kubeconfig} ${peerBinary('kubernetes', 'kubectl')} get workspaces`,
    '  stop: make down',
  ].join('\n');
}
