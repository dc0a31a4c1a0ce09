/**
 * The input CRD of a function package: the CustomResourceDefinition of the pipeline step's `input`
 * block, made from the function's zod input schema (the one it validates with), so the schema is
 * written once. Crossplane never installs it; registries and editors read it.
 */
import type * as z from 'zod';
import { openAPIFromZod } from '../compose/openapi.js';
import type { JsonObject } from '../function/wire/types.js';

/** What the input's apiVersion and kind literals say. */
export interface InputType {
  group: string;
  version: string;
  kind: string;
  plural: string;
}

const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const kubeVersion = /^v[1-9][0-9]*((alpha|beta)[1-9][0-9]*)?$/;

/**
 * inputCrd returns the CustomResourceDefinition of a function's input, from its zod schema. The
 * schema must fix apiVersion and kind with literals (`apiVersion: z.literal('x.fn.example.org/v1beta1')`);
 * `where` names the schema in errors.
 */
export function inputCrd(schema: z.ZodType, where: string): JsonObject {
  let openapi: JsonObject;
  try {
    openapi = openAPIFromZod(schema);
  } catch (cause) {
    throw new Error(`cannot make the input CRD from ${where}: ${(cause as Error).message}`, { cause });
  }
  const type = inputType(openapi, where);
  const properties = { ...((openapi.properties as JsonObject | undefined) ?? {}) };
  properties.apiVersion = {
    type: 'string',
    description: 'APIVersion of this input: always the one the function reads.',
  };
  properties.kind = { type: 'string', description: 'Kind of this input.' };
  properties.metadata = { type: 'object' };
  const openAPIV3Schema: JsonObject = { ...openapi, type: 'object', properties };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${type.plural}.${type.group}` },
    spec: {
      group: type.group,
      names: {
        kind: type.kind,
        listKind: `${type.kind}List`,
        plural: type.plural,
        singular: type.kind.toLowerCase(),
      },
      scope: 'Namespaced',
      versions: [{ name: type.version, served: true, storage: true, schema: { openAPIV3Schema } }],
    },
  };
}

/** inputType returns the group, version and kind the schema's literals fix, or throws saying what to write. */
export function inputType(openapi: JsonObject, where: string): InputType {
  const properties = (openapi.properties as JsonObject | undefined) ?? {};
  const apiVersion = literal(properties.apiVersion);
  const kind = literal(properties.kind);
  const example = "apiVersion: z.literal('template.fn.crossplane.io/v1beta1'), kind: z.literal('Input')";
  if (!apiVersion || !kind) {
    throw new Error(
      `cannot make the input CRD from ${where}: the schema must fix ${[!apiVersion && 'apiVersion', !kind && 'kind'].filter(Boolean).join(' and ')} with a literal (${example})`,
    );
  }
  const [group = '', version = '', ...rest] = apiVersion.split('/');
  if (rest.length > 0 || !dnsSubdomain.test(group) || !kubeVersion.test(version)) {
    throw new Error(
      `cannot make the input CRD from ${where}: apiVersion ${JSON.stringify(apiVersion)} is not <group>/<version> with a DNS group like template.fn.crossplane.io and a version like v1beta1`,
    );
  }
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    throw new Error(
      `cannot make the input CRD from ${where}: kind ${JSON.stringify(kind)} is not a Kubernetes kind (UpperCamelCase letters and digits)`,
    );
  }
  return { group, version, kind, plural: plural(kind.toLowerCase()) };
}

/** literal returns the one string a property schema allows, if it allows exactly one. */
function literal(prop: unknown): string | undefined {
  if (!prop || typeof prop !== 'object') return undefined;
  const p = prop as JsonObject;
  if (Array.isArray(p.enum) && p.enum.length === 1 && typeof p.enum[0] === 'string') return p.enum[0];
  return undefined;
}

/** plural returns the plural of a lowercase kind, as Kubernetes' own guess (kubebuilder's) makes it. */
function plural(kind: string): string {
  if (/(s|x|z|ch|sh)$/.test(kind)) return `${kind}es`;
  if (/[^aeiou]y$/.test(kind)) return `${kind.slice(0, -1)}ies`;
  return `${kind}s`;
}
