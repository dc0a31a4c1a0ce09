import type { ServerUnaryCall, ServiceDefinition, sendUnaryData } from '@grpc/grpc-js';

/**
 * The standard gRPC health service (grpc.health.v1.Health/Check). Its messages are one field
 * each, so they are encoded here by hand: HealthCheckRequest{string service = 1},
 * HealthCheckResponse{ServingStatus status = 1} with SERVING = 1 and NOT_SERVING = 2.
 */
export const ServingStatus = { SERVING: 1, NOT_SERVING: 2 } as const;

const identity = (b: Buffer): Buffer => b;

export const healthService: ServiceDefinition = {
  Check: {
    path: '/grpc.health.v1.Health/Check',
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: (status: number) => Buffer.from([0x08, status]),
    responseDeserialize: (b: Buffer) => (b.length >= 2 && b[0] === 0x08 ? b[1]! : 0),
  },
};

/** healthImplementation answers Check with the status current() returns at the time of the call. */
export function healthImplementation(current: () => number) {
  return {
    Check: (_call: ServerUnaryCall<Buffer, number>, callback: sendUnaryData<number>) =>
      callback(null, current()),
  };
}
