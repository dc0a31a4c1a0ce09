/**
 * The data a template renders: the request's observed and desired state, context and extra
 * resources, as plain JSON copies (no functions, no shared objects, nothing but data).
 */
import {
  desiredComposed,
  desiredComposite,
  type JsonObject,
  observedComposed,
  observedComposite,
  type RunFunctionRequest,
  requiredResources,
} from '../../src/function/sdk/index.js';
import { cloneJson } from '../../src/function/sdk/resource.js';

/** Connection details by key, each base64-encoded like a Secret's data. */
export type ConnectionDetails = Record<string, string>;

/** What `{{...}}` expressions read; `@root` is this object. */
export interface TemplateData {
  observed: {
    /** composite is the observed XR ({} when there is none). */
    composite: JsonObject;
    /** compositeConnectionDetails are the XR's connection details (legacy XRs). */
    compositeConnectionDetails: ConnectionDetails;
    /** resources are the observed composed resources by composition resource name. */
    resources: Record<string, JsonObject>;
    /** connectionDetails are the composed resources' connection details by composition resource name. */
    connectionDetails: Record<string, ConnectionDetails>;
  };
  desired: {
    /** composite is the desired XR so far: what earlier steps set (usually status), {} when nothing. */
    composite: JsonObject;
    /** resources are the desired composed resources of earlier steps by composition resource name. */
    resources: Record<string, JsonObject>;
  };
  /** context is the pipeline context ({} when there is none). */
  context: JsonObject;
  /** extraResources are the resources Crossplane fetched for each requirement, by requirement name. */
  extraResources: Record<string, JsonObject[]>;
}

/** templateData returns the data templates render from req, copied as plain JSON. */
export function templateData(req: RunFunctionRequest): TemplateData {
  const extraResources: Record<string, JsonObject[]> = {};
  const names = new Set([...Object.keys(req.extraResources), ...Object.keys(req.requiredResources)]);
  for (const name of names) extraResources[name] = (requiredResources(req, name) ?? []).map(cloneJson);
  const connectionDetails: Record<string, ConnectionDetails> = {};
  for (const [name, r] of Object.entries(req.observed?.resources ?? {}))
    connectionDetails[name] = base64(r.connectionDetails);
  return {
    observed: {
      composite: cloneJson(observedComposite(req) ?? {}),
      compositeConnectionDetails: base64(req.observed?.composite?.connectionDetails ?? {}),
      resources: cloneJson(observedComposed(req)),
      connectionDetails,
    },
    desired: {
      composite: cloneJson(desiredComposite(req) ?? {}),
      resources: cloneJson(desiredComposed(req)),
    },
    context: cloneJson(req.context ?? {}),
    extraResources,
  };
}

function base64(details: Record<string, Buffer>): ConnectionDetails {
  return Object.fromEntries(Object.entries(details).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
}
