/**
 * API-first, one resource: the XRD derived from the export's APIResourceSchema, created or updated
 * when the change is compatible, and refused (the old XRD serving on) when it is not.
 */
import { apiResourceSchemas } from '../../kcp/apis.js';
import { isNotFound } from '../../kube/errors.js';
import { resourcePath } from '../../kube/paths.js';
import { type Binding, bindingFromXRD } from '../binding.js';
import { contains } from '../contains.js';
import { type ExportContext, exportId } from '../context.js';
import type { ExportResource } from '../export.js';
import {
  fieldManager,
  managedByLabel,
  managedByValue,
  sourceExportAnnotation,
  xrdsV1,
  xrdsV2,
} from '../refs.js';
import { sourceSchemaAnnotation } from '../schema/annotations.js';
import { versionChanges } from '../schema/compatibility.js';
import { xrdFromAPIResourceSchema } from '../schema/derive.js';
import { formatProblem, schemaProblems } from '../schema/problems.js';
import { type CompositeResourceDefinition, type Result, refuse, type XRDVersion } from '../schema/types.js';
import type { ResourceReport, XRDObject } from '../status.js';

/** ResourceOutcome is one resource's report and, when it is served, its binding. */
export interface ResourceOutcome {
  report: ResourceReport;
  binding?: Binding;
}

type StoredXRD = XRDObject & { spec?: CompositeResourceDefinition['spec'] };

/** derivedResource reconciles the XRD of one export resource and returns what happened. */
export async function derivedResource(ctx: ExportContext, entry: ExportResource): Promise<ResourceOutcome> {
  const refused = (reason: string, message: string, xrd?: StoredXRD): ResourceOutcome => ({
    report: {
      key: `${entry.name}.${entry.group}`,
      state: 'refused',
      reason,
      message,
      schemaName: entry.schema,
      ...xrdRef(xrd),
    },
  });
  const derived = await derivedXRD(ctx, entry);
  if (!derived.ok) return refused(derived.reason, derived.message);
  const { ars, desired } = derived.value;
  const name = desired.metadata.name;
  const path = resourcePath(ctx.export.claims ? xrdsV1 : xrdsV2, undefined, name);
  const actual = await ctx.service.get<StoredXRD>(path).catch((err: unknown) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  if (actual && actual.metadata?.annotations?.[sourceExportAnnotation] !== exportId(ctx.export)) {
    const why = `cannot derive XRD ${name}: it exists and was not derived from export ${exportId(ctx.export)}`;
    return refused('XRDNotOwned', why);
  }
  const breaking = actual ? incompatibility(actual, desired, entry.schema) : undefined;
  if (actual && breaking) {
    const was = actual.metadata?.annotations?.[sourceSchemaAnnotation] ?? 'unknown';
    const out = refused('IncompatibleSchema', `${breaking}; it keeps serving ${was}`, actual);
    const binding = bindingFromXRD(actual, ctx.export, was);
    return binding ? { ...out, binding } : out;
  }
  // Write only on difference, so a restarted bridge changes nothing that is already right.
  const xrd =
    actual && contains(actual, desired)
      ? actual
      : await ctx.service.apply<StoredXRD>(
          path,
          { ...desired, metadata: { ...desired.metadata } },
          fieldManager,
        );
  return servedOutcome(
    ctx,
    entry,
    xrd,
    schemaProblems(ars, { claims: ctx.export.claims }).map(formatProblem),
  );
}

/** derivedXRD returns the export entry's APIResourceSchema and the XRD derived from it, or why there is none. */
async function derivedXRD(
  ctx: ExportContext,
  entry: ExportResource,
): Promise<Result<{ ars: unknown; desired: CompositeResourceDefinition }>> {
  let ars: unknown;
  try {
    ars = await ctx.kcp.get(resourcePath(apiResourceSchemas, undefined, entry.schema));
  } catch (err) {
    if (!isNotFound(err)) throw err;
    return refuse('SchemaNotFound', `cannot derive an XRD: APIResourceSchema ${entry.schema} does not exist`);
  }
  const e = ctx.export;
  const derived = xrdFromAPIResourceSchema(ars, {
    claims: e.claims,
    ...(e.compositionLabels ? { compositionLabels: e.compositionLabels } : {}),
    ...(e.defaultComposition ? { defaultCompositionRef: e.defaultComposition } : {}),
  });
  if (!derived.ok) return derived;
  return { ok: true, value: { ars, desired: owned(derived.value, exportId(e)) } };
}

/** servedOutcome returns the outcome of an XRD that serves entry: bound once Crossplane established it, pending before. */
function servedOutcome(
  ctx: ExportContext,
  entry: ExportResource,
  xrd: StoredXRD,
  problems: string[],
): ResourceOutcome {
  const key = `${entry.name}.${entry.group}`;
  const established = xrd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
  const note = problems.length > 0 ? `; the schema has problems: ${problems.join('; ')}` : '';
  if (!established) {
    return {
      report: {
        key,
        state: 'pending',
        reason: 'Establishing',
        message: `XRD derived from APIResourceSchema ${entry.schema}; waiting for Crossplane to establish it${note}`,
        schemaName: entry.schema,
        ...xrdRef(xrd),
      },
    };
  }
  const report: ResourceReport = {
    key,
    state: 'bound',
    reason: problems.length > 0 ? 'BoundWithSchemaProblems' : 'Bound',
    message: `XRD serves APIResourceSchema ${entry.schema} of export ${exportId(ctx.export)}${note}`,
    schemaName: entry.schema,
    ...xrdRef(xrd),
  };
  const binding = bindingFromXRD(xrd, ctx.export, entry.schema);
  return binding ? { report, binding } : { report };
}

/** owned returns xrd marked as the bridge's, derived from the export id. */
function owned(xrd: CompositeResourceDefinition, id: string): CompositeResourceDefinition {
  return {
    ...xrd,
    metadata: {
      ...xrd.metadata,
      labels: { ...xrd.metadata.labels, [managedByLabel]: managedByValue },
      annotations: { ...xrd.metadata.annotations, [sourceExportAnnotation]: id },
    },
  };
}

/** incompatibility returns why desired cannot replace actual without breaking consumers' objects, or undefined when it can. */
function incompatibility(
  actual: StoredXRD,
  desired: CompositeResourceDefinition,
  schema: string,
): string | undefined {
  const changes = versionChanges(comparable(actual.spec?.versions ?? []), comparable(desired.spec.versions));
  const breaking = changes.filter((c) => !c.compatible);
  if (breaking.length === 0) return undefined;
  const what = breaking.map((c) => `${c.version ? `${c.version}: ` : ''}${c.path}: ${c.reason}`).join('; ');
  return `cannot update XRD ${desired.metadata.name} to APIResourceSchema ${schema}: ${what}`;
}

function comparable(versions: readonly XRDVersion[]) {
  return versions.map((v) => ({
    name: v.name,
    served: v.served,
    storage: v.referenceable,
    schema: v.schema?.openAPIV3Schema ?? {},
  }));
}

function xrdRef(xrd: StoredXRD | undefined): Pick<ResourceReport, 'xrd' | 'xrdName'> {
  const name = xrd?.metadata?.name;
  return xrd && name ? { xrd, xrdName: name } : {};
}
