/**
 * Meta documents: rendered documents of apiVersion meta.handlebars.fn.kxp.dev/v1alpha1 that are
 * not resources to compose but instructions to the function: set the XR's status, conditions,
 * connection details, the pipeline context, ask for resources, or report a result.
 */
import * as z from 'zod';

export const metaApiVersion = 'meta.handlebars.fn.kxp.dev/v1alpha1';

const Header = {
  apiVersion: z.literal(metaApiVersion),
  metadata: z.looseObject({}).optional(),
};

const Target = z.enum(['Composite', 'CompositeAndClaim']).default('Composite');

const Condition = z.strictObject({
  type: z.string().min(1),
  status: z.enum(['True', 'False', 'Unknown']),
  reason: z.string().min(1),
  message: z.string().optional(),
  target: Target,
});

const Selector = z
  .strictObject({
    apiVersion: z.string().min(1),
    kind: z.string().min(1),
    matchName: z.string().min(1).optional(),
    matchLabels: z.record(z.string(), z.string()).optional(),
    namespace: z.string().optional(),
  })
  .refine((s) => (s.matchName === undefined) !== (s.matchLabels === undefined), {
    message: 'give exactly one of matchName and matchLabels',
  });

/** The meta kinds by name. */
export const metaKinds = {
  /** CompositeStatus merges status into the XR's desired status (as a document of the XR's own kind does). */
  CompositeStatus: z.strictObject({
    ...Header,
    kind: z.literal('CompositeStatus'),
    status: z.looseObject({}),
  }),
  /** Condition sets one condition on the XR (and its claim with target CompositeAndClaim). */
  Condition: z.strictObject({ ...Header, kind: z.literal('Condition'), ...Condition.shape }),
  /** Conditions sets several. */
  Conditions: z.strictObject({ ...Header, kind: z.literal('Conditions'), conditions: z.array(Condition) }),
  /** Context sets pipeline context keys for later steps. */
  Context: z.strictObject({ ...Header, kind: z.literal('Context'), data: z.record(z.string(), z.json()) }),
  /** CompositeConnectionDetails sets the XR's connection details (legacy XRs): data base64, stringData text. */
  CompositeConnectionDetails: z
    .strictObject({
      ...Header,
      kind: z.literal('CompositeConnectionDetails'),
      data: z.record(z.string(), z.base64()).optional(),
      stringData: z.record(z.string(), z.string()).optional(),
    })
    .refine((d) => d.data !== undefined || d.stringData !== undefined, {
      message: 'give data or stringData',
    }),
  /** RequiredResources asks Crossplane for resources; templates read them as extraResources.<name>. */
  RequiredResources: z.strictObject({
    ...Header,
    kind: z.literal('RequiredResources'),
    requirements: z.record(z.string().min(1), Selector),
  }),
  /** Result reports an event, or a Fatal result that stops the pipeline. */
  Result: z.strictObject({
    ...Header,
    kind: z.literal('Result'),
    severity: z.enum(['Normal', 'Warning', 'Fatal']),
    message: z.string().min(1),
    reason: z.string().optional(),
    target: Target,
  }),
} as const;

export type MetaKind = keyof typeof metaKinds;
export type MetaDocument = { [K in MetaKind]: z.output<(typeof metaKinds)[K]> }[MetaKind];
export type ConditionSpec = z.output<typeof Condition>;

/** metaKind returns kind when it is one of the meta kinds. */
export function isMetaKind(kind: unknown): kind is MetaKind {
  return typeof kind === 'string' && Object.hasOwn(metaKinds, kind);
}

/** parseMeta returns doc validated as the meta kind it names, or throws naming each bad field. */
export function parseMeta(kind: MetaKind, doc: unknown): MetaDocument {
  const parsed = metaKinds[kind].safeParse(doc);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 5).map((i) => {
    const path = i.path.map(String).join('.');
    return path ? `${path}: ${i.message}` : i.message;
  });
  throw new Error(`${kind}: ${issues.join('; ')}`);
}
