/**
 * exampleComposite: an example XR (or claim) written in TypeScript, checked against the zod schema
 * of its composition function before it is written, so the examples never drift from the API.
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type * as z from 'zod';
import type { TypeReference } from '../src/compose/index.js';

/** What an example composite resource is made of. */
export interface ExampleProps<S extends z.ZodType> {
  /** type is the XR's (or claim's) apiVersion and kind. */
  readonly type: TypeReference;
  /** schema is the zod schema the composition function validates the XR with. */
  readonly schema: S;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
  };
  readonly spec: z.input<S> extends { spec: infer Spec } ? Spec : never;
}

/** exampleComposite adds the example to scope, or throws naming the fields the schema rejects. */
export function exampleComposite<S extends z.ZodType>(
  scope: Construct,
  id: string,
  props: ExampleProps<S>,
): ApiObject {
  const obj = { ...props.type, metadata: { ...props.metadata }, spec: props.spec };
  const parsed = props.schema.safeParse(obj);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`cannot write example ${props.metadata.name}: ${issues}`);
  }
  return new ApiObject(scope, id, obj);
}
