/**
 * kxp render: a Composition's function pipeline run in process with the TypeScript functions it
 * names, giving what `crossplane render` gives (the XR with its conditions, and the composed
 * resources as Crossplane applies them) without Docker, a Crossplane binary or a function server.
 */
export { type ComposedResource, compositeLabel, compositionResourceName } from './composed.js';
export { type Condition, renderTime } from './conditions.js';
export { type LoadOptions, loadInputs, type RenderFiles } from './inputs.js';
export {
  exportAnnotation,
  type FunctionModule,
  functionModules,
  moduleAnnotation,
  moduleHandlers,
} from './modules.js';
export { childName, xrUid } from './naming.js';
export { type PrintOptions, renderDocuments, renderYaml } from './output.js';
export { PipelineFatalError, type RenderEvent } from './pipeline.js';
export { firstNAndSomeMore, RenderError, type RenderInputs, type RenderOutput, render } from './render.js';
export { type FunctionRunner, maxRequirementsIterations } from './requirements.js';
export { type FunctionHandlers, inProcessRunner } from './runner.js';
