/**
 * The input of this function's pipeline step: what a Composition writes under the step's `input`.
 *
 * This zod schema is the one source of truth for it. The function is defined with it (src/index.ts):
 * it validates each step's input (a bad input becomes a FATAL result naming the field), compose()
 * reads the typed result, and `kxp package build` turns it into the input CRD shipped in the
 * package: the group and version come from the apiVersion literal, the kind from the kind literal,
 * and each field's description from .describe(). Keep apiVersion and kind literals.
 */
import * as z from 'zod';

export const Input = z.object({
  apiVersion: z.literal('__GROUP__/v1beta1'),
  kind: z.literal('Input'),
  greeting: z.string().min(1).default('Hello').describe('The word the composed ConfigMap greets with.'),
  labels: z
    .record(z.string(), z.string())
    .default({})
    .describe('Labels added to every resource the function composes.'),
});

/** The step's input as compose() reads it, defaults applied. */
export type Input = z.output<typeof Input>;
