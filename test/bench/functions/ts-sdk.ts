/**
 * The benchmark's composition function written with @crossplane-org/function-sdk-typescript, as its
 * README writes one: a ComposeFunction handed the request and a response already started from it,
 * served by the SDK's own serve(), which parses --address and --insecure. Run it directly:
 * `node --import tsx test/bench/functions/ts-sdk.ts --insecure --address 127.0.0.1:9443`.
 */
import {
  type ComposeFunction,
  fatal,
  getObservedCompositeResource,
  Resource,
  Status,
  serve,
  setDesiredCompositeStatus,
  Target,
} from '@crossplane-org/function-sdk-typescript';
import { bucket } from './bucket.js';

export const compose: ComposeFunction = (req, rsp) => {
  const xr = getObservedCompositeResource(req)?.resource;
  const name: unknown = xr?.metadata?.name;
  const count: unknown = xr?.spec?.count;
  const region: unknown = xr?.spec?.region;
  if (typeof name !== 'string' || !Number.isInteger(count) || typeof count !== 'number') {
    return fatal(rsp, 'cannot read the XR: metadata.name and an integer spec.count are required');
  }
  if (typeof region !== 'string' || region === '')
    return fatal(rsp, 'cannot read the XR: spec.region is required');

  // rsp.desired starts as the request's desired state, so earlier steps' resources pass through.
  for (let i = 0; i < count; i++) {
    rsp.desired.resources[`bucket-${i}`] = Resource.fromJSON({ resource: bucket(name, region, i) });
  }
  setDesiredCompositeStatus({ rsp, status: { bucketCount: count, region } });
  rsp.conditions.push({
    type: 'BucketsComposed',
    status: Status.STATUS_CONDITION_TRUE,
    reason: 'Composed',
    message: `${count} buckets in ${region}`,
    target: Target.TARGET_COMPOSITE_AND_CLAIM,
  });
  return rsp;
};

serve(compose);
