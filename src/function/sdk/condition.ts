/**
 * Conditions a function sets on the XR (and, when targeted, its claim), beside the Ready and Synced
 * conditions Crossplane maintains itself. Crossplane applies them only when it advertises CONDITIONS.
 */
import { type Condition, ConditionStatus, type RunFunctionResponse, Target } from '../wire/types.js';

/** A condition status in Kubernetes' own words. */
export type ConditionStatusName = 'True' | 'False' | 'Unknown';

const conditionStatuses: Record<ConditionStatusName, ConditionStatus> = {
  True: ConditionStatus.TRUE,
  False: ConditionStatus.FALSE,
  Unknown: ConditionStatus.UNKNOWN,
};

/** Options on a condition just set; each returns the builder so calls chain. */
export interface ConditionBuilder {
  /** withMessage sets the condition's human-readable message. */
  withMessage(message: string): ConditionBuilder;
  /** targetComposite sets the condition on the composite resource only (the default). */
  targetComposite(): ConditionBuilder;
  /** targetCompositeAndClaim sets the condition on the composite resource and its claim. */
  targetCompositeAndClaim(): ConditionBuilder;
}

/**
 * setCondition sets a status condition of the given type for Crossplane to apply to the XR,
 * replacing one of the same type set earlier in this response. Crossplane reserves Ready and
 * Synced for itself.
 */
export function setCondition(
  rsp: RunFunctionResponse,
  type: string,
  status: ConditionStatusName,
  reason: string,
): ConditionBuilder {
  const condition: Condition = { type, status: conditionStatuses[status], reason, target: Target.COMPOSITE };
  rsp.conditions = rsp.conditions.filter((c) => c.type !== type);
  rsp.conditions.push(condition);
  const builder: ConditionBuilder = {
    withMessage(message) {
      condition.message = message;
      return builder;
    },
    targetComposite() {
      condition.target = Target.COMPOSITE;
      return builder;
    },
    targetCompositeAndClaim() {
      condition.target = Target.COMPOSITE_AND_CLAIM;
      return builder;
    },
  };
  return builder;
}
