import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  credentials as grpcCredentials,
  makeGenericClientConstructor,
  type ServiceError,
} from '@grpc/grpc-js';
import pino from 'pino';
import { parse, parseAllDocuments } from 'yaml';
import appConfig from '../../functions/app-config/index.js';
import { type FunctionServer, serve } from '../../src/function/serve/server.js';
import { functionRunnerService } from '../../src/function/wire/service.js';
import { configMaps, namespaces, resourcePath } from '../../src/kube/paths.js';
import type { KubeObject } from '../../src/kube/rest.js';
import { functionServerCerts, registerLocalFunction } from '../../src/stack/functions.js';
import { peerBinary } from '../../src/stack/peers.js';
import { eventually, serviceAdmin } from './stack.js';

const run = promisify(execFile);
const example = (f: string) => readFileSync(join('examples', 'app-config', f), 'utf8');
const silent = pino({ level: 'silent' });
const xrds = {
  group: 'apiextensions.crossplane.io',
  version: 'v2',
  resource: 'compositeresourcedefinitions',
};
const compositions = { group: 'apiextensions.crossplane.io', version: 'v1', resource: 'compositions' };
const appConfigs = { group: 'example.kxp.dev', version: 'v1alpha1', resource: 'appconfigs' };

interface WithConditions extends KubeObject {
  status?: { conditions?: { type: string; status: string; message?: string }[]; [k: string]: unknown };
}

describe('a kxp composition function', () => {
  const api = serviceAdmin();
  let tlsServer: FunctionServer;
  let certs: string;

  beforeAll(async () => {
    certs = await functionServerCerts(api, mkdtempSync(join(tmpdir(), 'kxp-fn-')));
    tlsServer = await serve(
      appConfig,
      { address: '127.0.0.1:0', tlsCertsDir: certs, metricsAddress: '' },
      silent,
    );
  });
  afterAll(() => tlsServer?.stop());

  it('renders with the real crossplane render (Development runtime)', async () => {
    const dev = await serve(
      appConfig,
      { address: '127.0.0.1:0', insecure: true, metricsAddress: '' },
      silent,
    );
    try {
      const { stdout } = await run(
        peerBinary('crossplane-cli', 'crossplane'),
        [
          'render',
          'examples/app-config/xr.yaml',
          'examples/app-config/composition.yaml',
          'examples/app-config/functions.yaml',
          `--crossplane-binary=${peerBinary('crossplane')}`,
          `--function-annotations=render.crossplane.io/runtime-development-target=127.0.0.1:${dev.port}`,
        ],
        { timeout: 60_000 },
      );
      const docs = parseAllDocuments(stdout).map((d) => d.toJSON() as WithConditions);
      const byKind: Record<string, WithConditions> = Object.fromEntries(docs.map((d) => [d.kind, d]));
      expect(byKind.ConfigMap).toMatchObject({
        metadata: {
          name: 'shop-settings',
          namespace: 'team-a',
          labels: { team: 'platform', 'app.kxp.dev/name': 'shop' },
        },
        data: { LOG_LEVEL: 'info', FEATURE_CART: 'true', owner: 'team-a' },
      });
      expect(byKind.ServiceAccount?.metadata).toMatchObject({ name: 'shop', namespace: 'team-a' });
      expect(byKind.AppConfig?.status).toMatchObject({ configMapName: 'shop-settings', settingCount: 2 });
      const composed = byKind.AppConfig?.status?.conditions?.find((c) => c.type === 'SettingsComposed');
      expect(composed).toMatchObject({ status: 'True', message: '2 settings' });
    } finally {
      await dev.stop();
    }
  });

  it('is called by real Crossplane over mutual TLS: the XR becomes Ready and its resources exist', async () => {
    await registerLocalFunction(api, 'kxp-app-config', `localhost:${tlsServer.port}`);
    await api.create(resourcePath(xrds), parse(example('xrd.yaml')));
    await eventually(async () => {
      const xrd = await api.get<WithConditions>(resourcePath(xrds, undefined, 'appconfigs.example.kxp.dev'));
      expect(xrd.status?.conditions?.find((c) => c.type === 'Established')?.status).toBe('True');
    }, 60_000);
    await api.create(resourcePath(compositions), parse(example('composition.yaml')));
    await api.create(resourcePath(namespaces), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a' },
    });
    await eventually(() => api.create(resourcePath(appConfigs, 'team-a'), parse(example('xr.yaml'))), 30_000);

    const xr = await eventually(async () => {
      const x = await api.get<WithConditions>(resourcePath(appConfigs, 'team-a', 'shop'));
      expect(x.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True' });
      return x;
    }, 90_000);
    expect(xr.status).toMatchObject({ configMapName: 'shop-settings', settingCount: 2 });
    const cm = await api.get<KubeObject & { data?: Record<string, string> }>(
      resourcePath(configMaps, 'team-a', 'shop-settings'),
    );
    expect(cm.data).toEqual({ LOG_LEVEL: 'info', FEATURE_CART: 'true', owner: 'team-a' });
    await api.get(resourcePath({ group: '', version: 'v1', resource: 'serviceaccounts' }, 'team-a', 'shop'));
  });

  it('refuses a client without a certificate', async () => {
    const Client = makeGenericClientConstructor(
      functionRunnerService('apiextensions.fn.proto.v1'),
      'FunctionRunnerService',
    );
    const ca = readFileSync(join(certs, 'ca.crt'));
    const client = new Client(`localhost:${tlsServer.port}`, grpcCredentials.createSsl(ca));
    const err = await new Promise<ServiceError | null>((resolve) => {
      client.makeUnaryRequest(
        '/apiextensions.fn.proto.v1.FunctionRunnerService/RunFunction',
        (r: unknown) => r as Buffer,
        (b: Buffer) => b,
        Buffer.from([0x0a, 0x02, 0x0a, 0x00]),
        { deadline: Date.now() + 10_000 },
        (e: ServiceError | null) => resolve(e),
      );
    });
    client.close();
    expect(err?.code).toBe(14); // UNAVAILABLE: the server closes connections without a client certificate
  });
});
