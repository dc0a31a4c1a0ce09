/**
 * The wire layer of Crossplane's RunFunction protocol: its messages as TypeScript types, a hand-written
 * protobuf codec for them (google.protobuf.Struct straight to and from plain JSON), and the
 * FunctionRunnerService definitions for @grpc/grpc-js. Everything above this (the SDK, serve) sees
 * plain objects only.
 */
export { formatPath, type PathSegment, ValuePathError, WireError } from './errors.js';
export {
  decodeCredentials,
  decodeRequestMeta,
  decodeRunFunctionRequest,
  decodeSchema,
  encodeCredentials,
  encodeRequestMeta,
  encodeRunFunctionRequest,
  encodeSchema,
} from './messages-request.js';
export {
  decodeRequirements,
  decodeResourceSelector,
  decodeSchemaSelector,
  encodeRequirements,
  encodeResourceSelector,
  encodeSchemaSelector,
} from './messages-requirements.js';
export {
  decodeCondition,
  decodeDuration,
  decodeResponseMeta,
  decodeResult,
  decodeRunFunctionResponse,
  encodeCondition,
  encodeDuration,
  encodeResponseMeta,
  encodeResult,
  encodeRunFunctionResponse,
} from './messages-response.js';
export {
  decodeResource,
  decodeResources,
  decodeState,
  encodeResource,
  encodeResources,
  encodeState,
} from './messages-state.js';
export {
  type FunctionRunnerServer,
  type FunctionRunnerServiceDefinition,
  type FunctionRunnerServiceVersion,
  functionRunnerService,
  functionRunnerServices,
  type ProtocolPackage,
  type RunFunctionMethod,
} from './service.js';
export { decodeStruct, encodeStruct, maxStructDepth } from './struct.js';
export * from './types.js';
