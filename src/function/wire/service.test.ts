import * as grpc from '@grpc/grpc-js';
import { richRequest, richResponse } from '../../../test/fixtures/wire/messages.js';
import { type FunctionRunnerServer, functionRunnerService, functionRunnerServices } from './service.js';
import { protocolPackages, type RunFunctionRequest, type RunFunctionResponse, serviceName } from './types.js';

describe('functionRunnerServices', () => {
  it('has RunFunction for both protocol packages', () => {
    expect(functionRunnerServices.map(({ pkg, definition }) => [pkg, definition.RunFunction.path])).toEqual([
      ['apiextensions.fn.proto.v1', '/apiextensions.fn.proto.v1.FunctionRunnerService/RunFunction'],
      ['apiextensions.fn.proto.v1beta1', '/apiextensions.fn.proto.v1beta1.FunctionRunnerService/RunFunction'],
    ]);
  });
});

describe('FunctionRunnerService over gRPC', () => {
  const server = new grpc.Server();
  const seen: RunFunctionRequest[] = [];
  let address = '';

  beforeAll(async () => {
    const impl: FunctionRunnerServer = {
      RunFunction: (call, callback) => {
        seen.push(call.request);
        callback(null, { ...richResponse(), meta: { tag: call.request.meta?.tag ?? '' } });
      },
    };
    for (const { definition } of functionRunnerServices) server.addService(definition, impl);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    address = `127.0.0.1:${port}`;
  });

  afterAll(() => server.forceShutdown());

  /** call returns the response of one RunFunction call through a client made from definition. */
  function call(
    pkg: (typeof protocolPackages)[number],
    req: RunFunctionRequest,
  ): Promise<RunFunctionResponse> {
    const Client = grpc.makeGenericClientConstructor(functionRunnerService(pkg), serviceName);
    const client = new Client(address, grpc.credentials.createInsecure());
    return new Promise<RunFunctionResponse>((resolve, reject) =>
      client.RunFunction!(req, (err: grpc.ServiceError | null, rsp: RunFunctionResponse) =>
        err ? reject(err) : resolve(rsp),
      ),
    ).finally(() => client.close());
  }

  it.each(protocolPackages)('serves %s', async (pkg) => {
    const req = richRequest();
    const rsp = await call(pkg, { ...req, meta: { tag: pkg, capabilities: [] } });
    expect(rsp).toEqual({ ...richResponse(), meta: { tag: pkg } });
    expect(seen.at(-1)).toEqual({ ...req, meta: { tag: pkg, capabilities: [] } });
  });

  it('answers a request it cannot decode with an error, and keeps serving', async () => {
    const Client = grpc.makeGenericClientConstructor({}, serviceName);
    const client = new Client(address, grpc.credentials.createInsecure());
    const path = functionRunnerService('apiextensions.fn.proto.v1').RunFunction.path;
    const err = await new Promise<grpc.ServiceError | null>((resolve) =>
      client.makeUnaryRequest(
        path,
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from([0x0a, 0x7f, 0x00]),
        (e) => resolve(e),
      ),
    );
    client.close();
    expect(err?.code).toBe(grpc.status.INTERNAL);
    await expect(call('apiextensions.fn.proto.v1', richRequest())).resolves.toBeDefined();
  });
});
