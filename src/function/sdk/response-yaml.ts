/**
 * The response in a readable normal form, for tests and for printing: what expectResponse compares
 * and what a function author writes in expected.yaml.
 */
import { stringify } from 'yaml';
import {
  ConditionStatus,
  type JsonObject,
  type JsonValue,
  Ready,
  type Resource,
  type RunFunctionResponse,
  Severity,
  type State,
  Target,
} from '../wire/types.js';
import { isObject, toJsonObject } from './resource.js';

/**
 * responseToJson returns rsp in a readable normal form: protobuf JSON names (SEVERITY_FATAL,
 * READY_TRUE, ttl "60s"), empty and unspecified fields left out, connection details as UTF-8 text.
 */
export function responseToJson(rsp: RunFunctionResponse): JsonObject {
  const ttl = rsp.meta?.ttl;
  return compact({
    meta: compact({
      tag: rsp.meta?.tag || undefined,
      ttl: ttl && `${ttl.seconds + ttl.nanos / 1e9}s`,
    }),
    desired: rsp.desired && stateJson(rsp.desired),
    results: rsp.results.map((r) =>
      compact({
        severity: enumName('SEVERITY_', Severity, r.severity),
        message: r.message,
        reason: r.reason,
        target: enumName('TARGET_', Target, r.target),
      }),
    ),
    conditions: rsp.conditions.map((c) =>
      compact({
        type: c.type,
        status: enumName('STATUS_CONDITION_', ConditionStatus, c.status),
        reason: c.reason,
        message: c.message,
        target: enumName('TARGET_', Target, c.target),
      }),
    ),
    context: rsp.context,
    requirements: rsp.requirements && compact(toJsonObject(rsp.requirements, 'requirements')),
    output: rsp.output,
  });
}

/** responseToYaml returns responseToJson(rsp) as YAML. */
export function responseToYaml(rsp: RunFunctionResponse): string {
  return stringify(responseToJson(rsp));
}

function stateJson(s: State): JsonObject {
  const resources: JsonObject = {};
  for (const [name, r] of Object.entries(s.resources)) resources[name] = resourceJson(r);
  return compact({ composite: s.composite && resourceJson(s.composite), resources });
}

function resourceJson(r: Resource): JsonObject {
  const details = Object.fromEntries(
    Object.entries(r.connectionDetails).map(([k, v]) => [k, v.toString('utf8')]),
  );
  return compact({
    resource: r.resource && Object.keys(r.resource).length > 0 ? r.resource : undefined,
    connectionDetails: details,
    ready: enumName('READY_', Ready, r.ready),
  });
}

/** compact returns obj without undefined fields, empty objects and empty arrays (as protobuf JSON omits them). */
function compact(obj: Record<string, JsonValue | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    if (isObject(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out;
}

function enumName(prefix: string, values: Record<string, number>, v: number | undefined): string | undefined {
  const key = Object.keys(values).find((k) => values[k] === v);
  return key === undefined || key === 'UNSPECIFIED' ? undefined : `${prefix}${key}`;
}
