import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import pino from 'pino';
import {
  issueCertificateAuthority,
  issueClientCertificate,
  issueServerCertificate,
} from '../../stack/certs.js';
import type { FunctionHandler } from '../handler.js';
import { defineFunction } from '../sdk/define.js';
import { encodeRunFunctionRequest } from '../wire/messages-request.js';
import { functionRunnerService } from '../wire/service.js';
import {
  type JsonObject,
  type RunFunctionRequest,
  type RunFunctionResponse,
  Severity,
} from '../wire/types.js';
import { type FunctionServer, serve } from './server.js';

const silent = pino({ level: 'silent' });
const v1 = '/apiextensions.fn.proto.v1.FunctionRunnerService/RunFunction';
const v1beta1 = '/apiextensions.fn.proto.v1beta1.FunctionRunnerService/RunFunction';

const echo = defineFunction({
  compose(ctx) {
    if (ctx.xr.spec && (ctx.xr.spec as { explode?: boolean }).explode)
      throw new Error('boom at spec.explode');
    ctx.compose('cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } });
  },
});

function request(tag: string, spec: JsonObject = {}): RunFunctionRequest {
  return {
    meta: { tag, capabilities: [] },
    observed: {
      composite: { resource: { apiVersion: 'x.io/v1', kind: 'X', spec }, connectionDetails: {}, ready: 0 },
      resources: {},
    },
    extraResources: {},
    credentials: {},
    requiredResources: {},
    requiredSchemas: {},
  };
}

/** call sends raw bytes to a RunFunction path and returns the decoded response or the gRPC error. */
function call(client: Client, path: string, bytes: Buffer): Promise<RunFunctionResponse | ServiceError> {
  const def = functionRunnerService('apiextensions.fn.proto.v1').RunFunction;
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      (b: Buffer) => b,
      def.responseDeserialize,
      bytes,
      { deadline: Date.now() + 10_000 },
      (err: ServiceError | null, rsp?: RunFunctionResponse) => resolve(err ?? rsp!),
    );
  });
}

const FunctionClient = makeGenericClientConstructor(
  functionRunnerService('apiextensions.fn.proto.v1'),
  'FunctionRunnerService',
);

describe('serve (insecure)', () => {
  let server: FunctionServer;
  let client: Client;

  beforeAll(async () => {
    server = await serve(
      echo,
      {
        address: '127.0.0.1:0',
        insecure: true,
        metricsAddress: '127.0.0.1:0',
        maxRecvMessageSize: 64 * 1024,
      },
      silent,
    );
    client = new FunctionClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await server.stop();
  });

  it.each([
    { name: 'v1', path: v1 },
    { name: 'v1beta1', path: v1beta1 },
  ])('answers RunFunction on $name with the tag echoed and the composed resource', async ({ path }) => {
    const rsp = (await call(client, path, encodeRunFunctionRequest(request('t-1')))) as RunFunctionResponse;
    expect(rsp.meta?.tag).toBe('t-1');
    expect(rsp.desired?.resources.cm?.resource).toMatchObject({ kind: 'ConfigMap', data: { a: 'b' } });
  });

  it.each([
    { name: 'missing meta', bytes: Buffer.alloc(0), code: 3 },
    { name: 'garbage bytes', bytes: Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]), code: 13 },
    // meta{}, then input (field 4) = Struct{ "a": Value{ string_value (field 3) sent as a varint } }
    {
      name: 'wrong type inside a Struct',
      bytes: Buffer.from([
        0x0a, 0x02, 0x0a, 0x00, 0x22, 0x09, 0x0a, 0x07, 0x0a, 0x01, 0x61, 0x12, 0x02, 0x18, 0x01,
      ]),
      code: 13,
    },
    {
      name: 'a request over the size limit',
      bytes: encodeRunFunctionRequest(request('big', { blob: 'x'.repeat(100_000) })),
      code: 8,
    },
  ])('refuses $name with a gRPC error and keeps serving', async ({ bytes, code }) => {
    const err = (await call(client, v1, bytes)) as ServiceError;
    expect(err.code).toBe(code);
    const ok = (await call(client, v1, encodeRunFunctionRequest(request('after')))) as RunFunctionResponse;
    expect(ok.meta?.tag).toBe('after');
  });

  it('turns an exception in the function into a FATAL result and keeps serving', async () => {
    const rsp = (await call(
      client,
      v1,
      encodeRunFunctionRequest(request('e', { explode: true })),
    )) as RunFunctionResponse;
    expect(rsp.results).toEqual([
      expect.objectContaining({
        severity: Severity.FATAL,
        message: expect.stringContaining('boom at spec.explode'),
      }),
    ]);
    const ok = (await call(
      client,
      v1,
      encodeRunFunctionRequest(request('after-fatal')),
    )) as RunFunctionResponse;
    expect(ok.results).toEqual([]);
  });

  it('serves /healthz, /readyz and call metrics by outcome', async () => {
    const base = `http://127.0.0.1:${server.httpPort}`;
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok');
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(
      /function_run_function_requests_total\{package="apiextensions.fn.proto.v1",outcome="fatal"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /function_run_function_requests_total\{package="apiextensions.fn.proto.v1beta1",outcome="ok"\} 1/,
    );
    expect(metrics).toMatch(/function_run_function_duration_seconds_bucket/);
  });
});

describe('serve: the handler context', () => {
  it('aborts the signal of a call whose caller gave up, and not of one answered', async () => {
    const signals = new Map<string, AbortSignal>();
    const handler: FunctionHandler = async (req, hctx) => {
      const tag = req.meta?.tag ?? '';
      const signal = hctx.signal as AbortSignal;
      signals.set(tag, signal);
      if (tag === 'wait') await new Promise((resolve) => signal.addEventListener('abort', resolve));
      hctx.log.info({}, 'answering');
      return { meta: { tag }, results: [], conditions: [] };
    };
    const fn = await serve(handler, { address: '127.0.0.1:0', insecure: true, metricsAddress: '' }, silent);
    const client = new FunctionClient(`127.0.0.1:${fn.port}`, credentials.createInsecure());
    try {
      const answered = (await call(
        client,
        v1,
        encodeRunFunctionRequest(request('quick')),
      )) as RunFunctionResponse;
      expect(answered.meta?.tag).toBe('quick');
      const gaveUp = await new Promise<ServiceError | null>((resolve) =>
        client.makeUnaryRequest(
          v1,
          (b: Buffer) => b,
          (b: Buffer) => b,
          encodeRunFunctionRequest(request('wait')),
          { deadline: Date.now() + 200 },
          (err: ServiceError | null) => resolve(err),
        ),
      );
      expect(gaveUp?.code).toBe(4); // DEADLINE_EXCEEDED
      for (let i = 0; i < 100 && !signals.get('wait')?.aborted; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(signals.get('wait')?.aborted).toBe(true);
      expect(signals.get('quick')?.aborted).toBe(false);
    } finally {
      client.close();
      await fn.stop();
    }
  });
});

describe('serve (mutual TLS)', () => {
  const failing: FunctionHandler = async () => {
    throw new Error('not reached');
  };

  it('refuses to start without TLS material unless insecure', async () => {
    await expect(serve(failing, { address: '127.0.0.1:0', metricsAddress: '' }, silent)).rejects.toThrow(
      /--tls-certs-dir .* or --insecure/,
    );
  });

  it('accepts clients whose certificate ca.crt signed, and closes connections of others', async () => {
    const ca = await issueCertificateAuthority('kxp test CA');
    const other = await issueCertificateAuthority('someone else');
    const dir = mkdtempSync(join(tmpdir(), 'kxp-tls-'));
    const server = await issueServerCertificate(ca, ['localhost', '127.0.0.1']);
    writeFileSync(join(dir, 'tls.crt'), server.cert);
    writeFileSync(join(dir, 'tls.key'), server.key);
    writeFileSync(join(dir, 'ca.crt'), ca.cert);
    const fn = await serve(echo, { address: '127.0.0.1:0', tlsCertsDir: dir, metricsAddress: '' }, silent);
    const attempt = async (client?: { cert: string; key: string }) => {
      const creds = client
        ? credentials.createSsl(Buffer.from(ca.cert), Buffer.from(client.key), Buffer.from(client.cert))
        : credentials.createSsl(Buffer.from(ca.cert));
      const c = new FunctionClient(`localhost:${fn.port}`, creds);
      try {
        return await call(c, v1, encodeRunFunctionRequest(request('tls')));
      } finally {
        c.close();
      }
    };
    try {
      expect(
        ((await attempt(await issueClientCertificate(ca, 'crossplane'))) as RunFunctionResponse).meta?.tag,
      ).toBe('tls');
      expect(((await attempt()) as ServiceError).code).toBe(14);
      expect(((await attempt(await issueClientCertificate(other, 'intruder'))) as ServiceError).code).toBe(
        14,
      );
      // a server certificate may not authenticate a client
      expect(((await attempt(await issueServerCertificate(ca, ['evil']))) as ServiceError).code).toBe(14);
    } finally {
      await fn.stop();
    }
  });
});
