/**
 * The kxp function SDK: write a Crossplane composition (or operation) function in TypeScript.
 *
 * Most functions need only defineFunction and zod:
 *
 * ```ts
 * import * as z from 'zod';
 * import { defineFunction } from '<kxp>/src/function/sdk/index.js';
 *
 * export default defineFunction({
 *   composite: z.looseObject({ spec: z.object({ region: z.string() }) }),
 *   autoReady: true,
 *   compose(ctx) {
 *     ctx.compose('bucket', { apiVersion: 's3.aws.m.upbound.io/v1beta1', kind: 'Bucket',
 *       spec: { forProvider: { region: ctx.composite.spec.region } } });
 *   },
 * });
 * ```
 *
 * The lower-level helpers mirror function-sdk-go for handlers written by hand: request getters
 * (request.ts), to(req) and response setters (response.ts, result.ts, condition.ts), and helpers
 * over plain objects (resource.ts, fieldpath.ts). Test helpers live apart in testing.ts, so a
 * function's runtime does not load them.
 */
export type { FunctionHandler, HandlerContext } from '../handler.js';
export {
  Capability,
  ConditionStatus,
  type JsonObject,
  type JsonValue,
  Ready,
  type RunFunctionRequest,
  type RunFunctionResponse,
  Severity,
  Target,
} from '../wire/types.js';
export { type ConditionBuilder, type ConditionStatusName, setCondition } from './condition.js';
export {
  type ComposeContext,
  type DefinedFunction,
  defineFunction,
  type FunctionSpec,
} from './define.js';
export { formatFieldPath, getField, parseFieldPath, setField } from './fieldpath.js';
export {
  advertisesCapabilities,
  contextKey,
  credentials,
  desiredComposed,
  desiredComposite,
  hasCapability,
  input,
  observedComposed,
  observedComposite,
  observedConnectionDetails,
  type RequirementFields,
  requiredResources,
  requiredSchema,
  requirementFields,
} from './request.js';
export {
  annotationsOf,
  apiVersionOf,
  getCondition,
  groupOf,
  isReady,
  type KubeCondition,
  kindOf,
  labelsOf,
  nameOf,
  namespaceOf,
  type ReadinessRule,
  readinessRules,
} from './resource.js';
export {
  type DesiredComposed,
  defaultTTL,
  type RequiredSelector,
  requireResources,
  requireSchema,
  setContextKey,
  setDesiredComposedResource,
  setDesiredComposedResources,
  setDesiredCompositeConnectionDetails,
  setDesiredCompositeStatus,
  setOutput,
  setTTL,
  to,
} from './response.js';
export { fatal, normal, type ResultBuilder, warning } from './result.js';
