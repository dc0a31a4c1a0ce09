/**
 * The FunctionRunnerService as @grpc/grpc-js service definitions, built by hand on kxp's codec:
 * no .proto loading, no generated code. A server adds every version Crossplane may call
 *
 *   for (const { definition } of functionRunnerServices) server.addService(definition, { RunFunction });
 *
 * and a client (tests, benchmarks, the in-process runner) makes a constructor from one of them with
 * grpc.makeGenericClientConstructor(functionRunnerService('apiextensions.fn.proto.v1'), serviceName).
 */
import type { handleUnaryCall, MethodDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { decodeRunFunctionRequest, encodeRunFunctionRequest } from './messages-request.js';
import { decodeRunFunctionResponse, encodeRunFunctionResponse } from './messages-response.js';
import {
  methodName,
  protocolPackages,
  type RunFunctionRequest,
  type RunFunctionResponse,
  serviceName,
} from './types.js';

/** A protobuf package that carries the RunFunction protocol. */
export type ProtocolPackage = (typeof protocolPackages)[number];

/** The RunFunction method, typed for kxp's messages. */
export type RunFunctionMethod = MethodDefinition<RunFunctionRequest, RunFunctionResponse>;

/**
 * The service definition of one protocol package: a grpc-js ServiceDefinition with one method. A type
 * alias, not an interface, so that it is assignable to ServiceDefinition's index signature.
 */
export type FunctionRunnerServiceDefinition = {
  readonly RunFunction: RunFunctionMethod;
};

/** What a server implements: RunFunction as a grpc-js unary handler. */
export interface FunctionRunnerServer extends UntypedServiceImplementation {
  RunFunction: handleUnaryCall<RunFunctionRequest, RunFunctionResponse>;
}

/** functionRunnerService returns the service definition of FunctionRunnerService in package pkg. */
export function functionRunnerService(pkg: ProtocolPackage): FunctionRunnerServiceDefinition {
  return {
    RunFunction: {
      path: `/${pkg}.${serviceName}/${methodName}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: encodeRunFunctionRequest,
      requestDeserialize: decodeRunFunctionRequest,
      responseSerialize: encodeRunFunctionResponse,
      responseDeserialize: decodeRunFunctionResponse,
      // grpc-js client constructors also expose the method under this name (client.runFunction).
      originalName: 'runFunction',
    },
  };
}

/** One protocol package's service definition. */
export interface FunctionRunnerServiceVersion {
  readonly pkg: ProtocolPackage;
  readonly definition: FunctionRunnerServiceDefinition;
}

/** The service definitions of every protocol package Crossplane may call: v1 first, then v1beta1. */
export const functionRunnerServices: readonly FunctionRunnerServiceVersion[] = protocolPackages.map(
  (pkg) => ({
    pkg,
    definition: functionRunnerService(pkg),
  }),
);
