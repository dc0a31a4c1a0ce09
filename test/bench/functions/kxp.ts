/**
 * The benchmark's composition function written with kxp's SDK, as a kxp user writes one: the XR
 * typed and validated with zod, compose(ctx) desiring resources, status and a condition. Served by
 * `kxp function serve test/bench/functions/kxp.ts`. Desired state from earlier steps passes through
 * because the response starts from the request.
 */
import * as z from 'zod';
import { defineFunction } from '../../../src/function/sdk/index.js';
import { bucket } from './bucket.js';

/** The BucketSet XR, as far as the function reads it. */
const BucketSet = z.looseObject({
  metadata: z.looseObject({ name: z.string() }),
  spec: z.looseObject({
    /** How many Buckets to compose. */
    count: z.number().int().min(0),
    region: z.string().min(1),
  }),
});

export default defineFunction({
  composite: BucketSet,
  compose(ctx) {
    const { count, region } = ctx.composite.spec;
    const xr = ctx.composite.metadata.name;
    for (let i = 0; i < count; i++) ctx.compose(`bucket-${i}`, bucket(xr, region, i));
    ctx.setStatus({ bucketCount: count, region });
    ctx
      .setCondition('BucketsComposed', 'True', 'Composed')
      .targetCompositeAndClaim()
      .withMessage(`${count} buckets in ${region}`);
  },
});
