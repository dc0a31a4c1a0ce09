/**
 * Crossplane-first, one XRD: the APIResourceSchema taken from the CRD Crossplane generated for its
 * claim (legacy XRD) or its namespaced XR (v2), created in the export's workspace when new. Schemas
 * are immutable and named by a hash of their content, so a changed XRD yields a new schema.
 */
import { apiResourceSchemas } from '../../kcp/apis.js';
import { isConflict, isNotFound } from '../../kube/errors.js';
import { customResourceDefinitions, resourcePath } from '../../kube/paths.js';
import type { KubeObject } from '../../kube/rest.js';
import { type Binding, bindingFromXRD } from '../binding.js';
import type { ExportContext } from '../context.js';
import type { ExportResource } from '../export.js';
import { apiResourceSchemaFromCRD } from '../schema/publish.js';
import type { CompositeResourceDefinition } from '../schema/types.js';
import type { ResourceReport, XRDObject } from '../status.js';

export type LabelledXRD = XRDObject & { spec?: Partial<CompositeResourceDefinition['spec']> };

/** PublishedOutcome is one XRD's report and, when published, its export entry and binding. */
export interface PublishedOutcome {
  report: ResourceReport;
  entry?: ExportResource;
  binding?: Binding;
}

/** publishedResource publishes one labelled XRD's schema into the export's workspace and returns what happened. */
export async function publishedResource(ctx: ExportContext, xrd: LabelledXRD): Promise<PublishedOutcome> {
  const xrdName = xrd.metadata?.name ?? '';
  const spec = xrd.spec;
  const kind = spec?.claimNames ? 'claim' : 'xr';
  const names = spec?.claimNames ?? spec?.names;
  const key = names?.plural && spec?.group ? `${names.plural}.${spec.group}` : xrdName;
  const base = { key, xrdName, xrd };
  if (!names?.plural || !spec?.group) {
    return {
      report: {
        ...base,
        state: 'refused',
        reason: 'IncompleteXRD',
        message: `cannot publish XRD ${xrdName}: it has no names or group`,
      },
    };
  }

  const crdName = `${names.plural}.${spec.group}`;
  let crd: KubeObject;
  try {
    crd = await ctx.service.get(resourcePath(customResourceDefinitions, undefined, crdName));
  } catch (err) {
    if (!isNotFound(err)) throw err;
    return {
      report: {
        ...base,
        state: 'pending',
        reason: 'WaitingForCRD',
        message: `waiting for Crossplane to generate CRD ${crdName}`,
      },
    };
  }
  const ars = apiResourceSchemaFromCRD(crd, { kind });
  if (!ars.ok) return { report: { ...base, state: 'refused', reason: ars.reason, message: ars.message } };
  const schemaName = ars.value.metadata.name;
  try {
    await ctx.kcp.create(resourcePath(apiResourceSchemas), {
      ...ars.value,
      metadata: { ...ars.value.metadata },
    });
    ctx.log.info({ schema: schemaName, xrd: xrdName }, 'created APIResourceSchema');
  } catch (err) {
    // Same name, same content: the hash names it.
    if (!isConflict(err)) throw err;
  }
  const entry: ExportResource = {
    name: names.plural,
    group: spec.group,
    schema: schemaName,
    storage: { crd: {} },
  };
  const report: ResourceReport = {
    ...base,
    state: 'published',
    reason: 'Published',
    message: `published as APIResourceSchema ${schemaName} in export ${ctx.export.workspace}:${ctx.export.name}`,
    schemaName,
  };
  const binding = bindingFromXRD(xrd, ctx.export, schemaName);
  return binding ? { report, entry, binding } : { report, entry };
}
