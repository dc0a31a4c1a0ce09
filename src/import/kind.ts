/**
 * The declarations of one version of one kind: the names of its construct class, its Props (what
 * an author writes: metadata and spec) and its Manifest (the whole object), and the interfaces of
 * the objects in its schema.
 */
import { type InterfaceDecl, type Property, TypeBuilder } from './declarations.js';
import type { KindVersion } from './model.js';
import { aKind, stringLiteral, typeName, versionSuffix } from './names.js';
import type { NameRegistry } from './registry.js';

/** KindNames are the names of a kind's class and its two top-level interfaces. */
export interface KindNames {
  className: string;
  propsName: string;
  manifestName: string;
}

/** KindDecls is everything a file declares for one kind's version. */
export interface KindDecls extends KindNames {
  kv: KindVersion;
  /** doc holds the paragraphs of the class's doc comment. */
  doc: (string | undefined)[];
  /** propsRequired says whether Props has a required field, so the constructor cannot default it. */
  propsRequired: boolean;
  props: InterfaceDecl;
  manifest: InterfaceDecl;
  /** nested are the interfaces of the objects inside the schema, spec's before status's. */
  nested: InterfaceDecl[];
}

/** Root fields the Props and Manifest interfaces declare themselves. */
const objectFields = ['apiVersion', 'kind', 'metadata', 'status'];

/** label returns how messages name a kind's version: `PostgreSQLInstance (db.kxp.dev/v1alpha1)`. */
export function label(kv: KindVersion): string {
  return `${kv.kind} (${kv.group}/${kv.version})`;
}

/**
 * claimKindNames returns the names of kv's class, Props and Manifest, claimed in registry: the kind
 * itself for the preferred version, with the version after it (PostgreSQLInstanceV1Beta1) for others.
 */
export function claimKindNames(kv: KindVersion, registry: NameRegistry): KindNames {
  const className = typeName(kv.kind, kv.preferred ? '' : versionSuffix(kv.version));
  if (className === undefined) {
    throw new Error(`cannot import ${label(kv)}: its kind gives no TypeScript class name`);
  }
  const owner = label(kv);
  return {
    className: registry.claimExact(className, `the class of ${owner}`),
    propsName: registry.claimExact(`${className}Props`, `the props of ${owner}`),
    manifestName: registry.claimExact(`${className}Manifest`, `the manifest of ${owner}`),
  };
}

/** kindDeclarations returns the declarations of kv under names, its nested types' names claimed in registry. */
export function kindDeclarations(kv: KindVersion, names: KindNames, registry: NameRegistry): KindDecls {
  const builder = new TypeBuilder(registry, { kind: kv.kind, label: label(kv) });
  const root = kv.schema;
  const own = builder.properties(root, [], names.className, objectFields);
  const props: InterfaceDecl = {
    name: names.propsName,
    doc: [
      `The fields of ${aKind(kv.kind)} that its author writes: ${['metadata', ...own.map((p) => p.name)].join(', ')}.`,
    ],
    properties: [metadataProperty, ...own],
  };
  if (root['x-kubernetes-preserve-unknown-fields'] === true) props.indexType = 'unknown';
  const manifest: InterfaceDecl = {
    name: names.manifestName,
    doc: [
      `${capitalised(aKind(kv.kind))} as a plain object: what ${names.className}.manifest returns, and what the API serves.`,
    ],
    extends: names.propsName,
    properties: [
      { name: 'apiVersion', type: stringLiteral(`${kv.group}/${kv.version}`), optional: false, doc: [] },
      { name: 'kind', type: stringLiteral(kv.kind), optional: false, doc: [] },
    ],
  };
  const status = root.properties?.status;
  if (status !== undefined) {
    const type = builder.typeOf(status, ['status'], `${names.className}Status`);
    manifest.properties.push({ name: 'status', type, optional: true, doc: [status.description] });
  }
  return {
    ...names,
    kv,
    doc: [root.description, scopeSentence(kv)],
    propsRequired: own.some((p) => !p.optional),
    props,
    manifest,
    nested: builder.interfaces,
  };
}

const metadataProperty: Property = {
  name: 'metadata',
  type: 'ApiObjectMetadata',
  optional: true,
  doc: ['Standard object metadata. cdk8s names the object after its construct path when name is not set.'],
};

/** scopeSentence says where objects of kv live and which API serves them. */
function scopeSentence(kv: KindVersion): string {
  const where = kv.namespaced ? 'A namespaced' : 'A cluster-scoped';
  return `${where} object of ${kv.group}/${kv.version} (resource ${kv.plural}).`;
}

function capitalised(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}
