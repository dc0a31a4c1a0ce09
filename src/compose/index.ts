/**
 * Compositions in TypeScript: cdk8s constructs for Crossplane's CompositeResourceDefinitions (v2
 * and legacy v1 with claims), pipeline Compositions and Functions, with each XRD's schema made from
 * the zod schema its composition function validates with (openAPIFromZod); and composeChart, which
 * lets a function build its desired resources with cdk8s and cdk8s-plus constructs.
 */
export {
  type ChartOptions,
  type ChartTarget,
  chartResources,
  composeChart,
  compositionResourceName,
} from './cdk8s.js';
export {
  Composition,
  type CompositionProps,
  type FunctionCredentials,
  type PipelineStep,
  type RequiredResourceSelector,
} from './composition.js';
export {
  CompositionFunction,
  type CompositionFunctionProps,
  exportAnnotation,
  moduleAnnotation,
  runtimeAnnotation,
} from './composition-function.js';
export {
  LegacyCompositeResourceDefinition,
  type LegacyCompositeResourceDefinitionProps,
} from './legacy-xrd.js';
export { type JSONSchemaProps, openAPIFromZod } from './openapi.js';
export {
  CompositeResourceDefinition,
  type CompositeResourceDefinitionProps,
  type CrdMetadata,
} from './xrd.js';
export type {
  CompositeType,
  PrinterColumn,
  ResourceNames,
  TypeReference,
  XrdVersion,
} from './xrd-spec.js';
