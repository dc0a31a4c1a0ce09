/**
 * __NAME__: a Crossplane composition function written in TypeScript with kxp.
 *
 * For each composite resource (XR) it composes one ConfigMap that greets spec.who with the step's
 * input (src/input.ts), writes the greeting to the XR's status, and sets a Greeted condition on the
 * XR. Replace compose() with what your platform needs; `npm test` runs the cases in test/cases.
 */
import { defineFunction } from 'kxp/function/sdk';
import * as z from 'zod';
import { Input } from './input.js';

/** The composite resource, as far as this function reads it. Invalid XRs get a FATAL result. */
export const Composite = z.looseObject({
  metadata: z.looseObject({ name: z.string() }),
  spec: z.looseObject({
    who: z.string().min(1).describe('Who the composed ConfigMap greets.'),
  }),
});

export default defineFunction({
  input: Input,
  composite: Composite,
  compose(ctx) {
    const message = `${ctx.input.greeting}, ${ctx.composite.spec.who}!`;
    // Crossplane counts a composed resource ready only when a function says so. A ConfigMap is
    // ready once it exists, that is once Crossplane observes it.
    const ready = ctx.observed.greeting !== undefined;
    ctx.compose(
      'greeting',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `${ctx.composite.metadata.name}-greeting`, labels: ctx.input.labels },
        data: { message },
      },
      { ready },
    );
    ctx.setStatus({ greeting: message });
    ctx.setCondition('Greeted', 'True', 'Composed').withMessage(message);
  },
});
