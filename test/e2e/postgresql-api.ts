/**
 * The reference scenario's PostgreSQLInstance API on the shared e2e stack, set up as make up does:
 * the postgresql function packaged, pushed to the stack's registry, installed by Crossplane's package
 * manager and run by the function runtime; its XRD and Composition synthesised and labelled for the
 * export in root:db; and the bridge running as its own kcp user and ServiceAccount, with their
 * rights only. Objects are ensured, not created, so that every file using it may run first.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parse } from 'yaml';
import { synthAll } from '../../compositions/synth.js';
import { type RunningBridge, startBridge } from '../../src/bridge/bridge.js';
import { bridgeConfig } from '../../src/bridge/config.js';
import { exportLabel } from '../../src/bridge/refs.js';
import { ensureWorkspace } from '../../src/kcp/workspaces.js';
import type { KubeObject, RestClient } from '../../src/kube/rest.js';
import { functionHealthy, installFunction, publishFunction } from '../../src/stack/functions.js';
import { databaseWorkspace, exportName } from '../../src/stack/scenario.js';
import { bridgeIdentity, stackInfo } from './stack.js';

/** startPostgresqlApi sets the API up and returns the bridge that publishes and syncs it. */
export async function startPostgresqlApi(kcpAdmin: RestClient, service: RestClient): Promise<RunningBridge> {
  const image = await publishFunction(
    join(import.meta.dirname, '../../functions/postgresql'),
    stackInfo().registry.host,
    'kxp/postgresql',
    'v0.1.0',
    mkdtempSync(join(tmpdir(), 'kxp-e2e-fn-')),
  );
  await installFunction(service, 'kxp-postgresql', image);
  await functionHealthy(service, 'kxp-postgresql', image);
  const [dir] = synthAll(mkdtempSync(join(tmpdir(), 'kxp-e2e-synth-'))).filter((d) =>
    d.endsWith('/postgresql'),
  );
  const xrd = parse(readFileSync(join(dir!, 'xrd.yaml'), 'utf8')) as KubeObject;
  xrd.metadata = { ...xrd.metadata, labels: { [exportLabel]: exportName } };
  await service.ensure('/apis/apiextensions.crossplane.io/v1/compositeresourcedefinitions', xrd);
  await service.ensure(
    '/apis/apiextensions.crossplane.io/v1/compositions',
    parse(readFileSync(join(dir!, 'composition.yaml'), 'utf8')),
  );
  await ensureWorkspace(kcpAdmin, databaseWorkspace);
  const exports = [{ workspace: databaseWorkspace, name: exportName, mode: 'crossplane-first' as const }];
  const identity = await bridgeIdentity(exports, null);
  return startBridge(
    bridgeConfig.parse({
      kubeconfig: identity.kubeconfig,
      kcpKubeconfig: identity.kcpKubeconfig,
      exports,
      leaderElection: { enabled: false },
      metricsAddress: '',
    }),
    pino({ level: 'silent' }),
  );
}
