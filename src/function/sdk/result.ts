/**
 * Results: what a function reports about its run. Crossplane turns NORMAL and WARNING results into
 * events on the XR (and claim), and stops the pipeline at a FATAL one.
 */
import { type Result, type RunFunctionResponse, Severity, Target } from '../wire/types.js';

/** Options on a result just added; each returns the builder so calls chain. */
export interface ResultBuilder {
  /** withReason sets the result's PascalCase reason (Crossplane's default is ComposeResources). */
  withReason(reason: string): ResultBuilder;
  /** targetComposite shows the result on the composite resource only (the default). */
  targetComposite(): ResultBuilder;
  /** targetCompositeAndClaim shows the result on the composite resource and its claim. */
  targetCompositeAndClaim(): ResultBuilder;
}

/**
 * fatal adds a FATAL result: Crossplane stops the pipeline and reports message on the XR. Crossplane
 * shows fatal results on the composite only, so the builder has no targetCompositeAndClaim.
 */
export function fatal(
  rsp: RunFunctionResponse,
  message: string | Error,
): Omit<ResultBuilder, 'targetCompositeAndClaim'> {
  return addResult(rsp, Severity.FATAL, message);
}

/** warning adds a WARNING result: the pipeline continues and Crossplane emits a warning event. */
export function warning(rsp: RunFunctionResponse, message: string | Error): ResultBuilder {
  return addResult(rsp, Severity.WARNING, message);
}

/** normal adds a NORMAL result: Crossplane emits a normal event. */
export function normal(rsp: RunFunctionResponse, message: string | Error): ResultBuilder {
  return addResult(rsp, Severity.NORMAL, message);
}

function addResult(rsp: RunFunctionResponse, severity: Severity, message: string | Error): ResultBuilder {
  const result: Result = {
    severity,
    message: typeof message === 'string' ? message : message.message,
    target: Target.COMPOSITE,
  };
  rsp.results.push(result);
  const builder: ResultBuilder = {
    withReason(reason) {
      result.reason = reason;
      return builder;
    },
    targetComposite() {
      result.target = Target.COMPOSITE;
      return builder;
    },
    targetCompositeAndClaim() {
      result.target = Target.COMPOSITE_AND_CLAIM;
      return builder;
    },
  };
  return builder;
}
