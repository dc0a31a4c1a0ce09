/**
 * From a structural OpenAPI schema to TypeScript declarations: an interface for each object with
 * fields (named after its path, e.g. PostgreSQLInstanceSpecParameters), and a type expression for
 * everything else — literal unions for enums, `number | string` for int-or-string, index signatures
 * for maps and preserved unknown fields, `| null` for nullable. Only what a structural schema can say
 * is accepted; anything else throws, naming the field.
 */
import { isSchemaNode, type SchemaNode } from '../bridge/schema/types.js';
import { aKind, literal, pascalCase, unionMembers } from './names.js';
import type { NameRegistry } from './registry.js';

/** Property is one field of an interface. */
export interface Property {
  /** name is the JSON field name. */
  name: string;
  /** type is a TypeScript type expression. */
  type: string;
  optional: boolean;
  /** doc holds the paragraphs of its doc comment. */
  doc: (string | undefined)[];
}

/** InterfaceDecl is one interface to write. */
export interface InterfaceDecl {
  name: string;
  doc: (string | undefined)[];
  /** extends names the interface it extends, if any. */
  extends?: string;
  properties: Property[];
  /** indexType is the type of fields besides the named ones (an index signature), if there may be any. */
  indexType?: string;
}

const preserveUnknown = 'x-kubernetes-preserve-unknown-fields';
const intOrString = 'x-kubernetes-int-or-string';
const embeddedResource = 'x-kubernetes-embedded-resource';

/**
 * TypeBuilder turns the schema nodes of one kind's version into type expressions, collecting the
 * interfaces they need in the order a reader meets them (an object before the objects in it).
 */
export class TypeBuilder {
  readonly interfaces: InterfaceDecl[] = [];

  /**
   * @param names the registry of the file the declarations go to.
   * @param what names the kind and version in errors and doc comments, e.g. `PostgreSQLInstance`.
   */
  constructor(
    private readonly names: NameRegistry,
    private readonly what: { kind: string; label: string },
  ) {}

  /**
   * typeOf returns the TypeScript type of node at path; an object with fields becomes an interface
   * named name (or name with a number, when the file already has one so named).
   */
  typeOf(node: unknown, path: readonly string[], name: string): string {
    if (!isSchemaNode(node)) return this.fail(path, 'is not a schema object');
    if ('$ref' in node) this.fail(path, 'refers to another schema ($ref), which a structural schema cannot');
    const base = this.baseType(node, path, name);
    return node.nullable === true ? `${base} | null` : base;
  }

  /** properties returns node's fields (sorted by name) as properties; fields with a default may be left out. */
  properties(
    node: SchemaNode,
    path: readonly string[],
    prefix: string,
    skip: readonly string[] = [],
  ): Property[] {
    const props = node.properties ?? {};
    const required = new Set(node.required ?? []);
    return Object.keys(props)
      .filter((n) => !skip.includes(n))
      .sort()
      .map((n) => {
        const child = props[n];
        return {
          name: n,
          type: this.typeOf(child, [...path, n], `${prefix}${pascalCase(n) || 'Field'}`),
          optional: !required.has(n) || child?.default !== undefined,
          doc: fieldDoc(child),
        };
      });
  }

  private baseType(node: SchemaNode, path: readonly string[], name: string): string {
    if (node[intOrString] === true) return 'number | string';
    const union = enumUnion(node);
    if (union) return union;
    switch (node.type) {
      case 'string':
        return 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'array': {
        if (!isSchemaNode(node.items)) return this.fail(path, 'is an array without items');
        const item = this.typeOf(node.items, [...path, '[]'], name);
        return unionMembers(item).length > 1 ? `(${item})[]` : `${item}[]`;
      }
      case 'object':
        return this.objectType(node, path, name);
      case undefined:
        if (node[preserveUnknown] === true) return 'unknown';
        return this.fail(path, 'has no type (a structural schema gives each field one)');
      default:
        return this.fail(path, `has type ${JSON.stringify(node.type)}, which Kubernetes does not know`);
    }
  }

  /** objectType returns an interface's name for an object with fields, else a map type. */
  private objectType(node: SchemaNode, path: readonly string[], name: string): string {
    const embedded = node[embeddedResource] === true;
    if (Object.keys(node.properties ?? {}).length > 0 || embedded) return this.declare(node, path, name);
    const extra = node.additionalProperties;
    if (isSchemaNode(extra)) return `{ [key: string]: ${this.typeOf(extra, [...path, '*'], name)} }`;
    if (extra === true || node[preserveUnknown] === true) return '{ [key: string]: unknown }';
    // Kubernetes prunes every field of an object whose schema lists none.
    return '{ [key: string]: never }';
  }

  /** declare adds the interface of an object with fields and returns its name. */
  private declare(node: SchemaNode, path: readonly string[], candidate: string): string {
    const where = fieldPath(path);
    const name = this.names.claim(candidate, `${where} of ${this.what.label}`);
    const decl: InterfaceDecl = {
      name,
      doc: [node.description ?? fallbackDoc(path, this.what.kind)],
      properties: [],
    };
    this.interfaces.push(decl);
    decl.properties = this.properties(node, path, name);
    if (node[embeddedResource] === true) decl.properties = withObjectFields(decl.properties);
    if (node[preserveUnknown] === true) decl.indexType = 'unknown';
    return name;
  }

  private fail(path: readonly string[], why: string): never {
    const where = path.length === 0 ? 'the schema' : fieldPath(path);
    throw new Error(`cannot import ${this.what.label}: ${where} ${why}`);
  }
}

/** fieldPath returns path as messages write it: `spec.tags[].key`, `spec.labels.*`. */
export function fieldPath(path: readonly string[]): string {
  return path.join('.').replace(/\.\[\]/g, '[]');
}

/**
 * fallbackDoc returns the doc comment of an object without a description, saying where it is: `The
 * spec of a PostgreSQLInstance.`, `An item of spec.tags of …`, `A value of spec.labels of …`.
 */
function fallbackDoc(path: readonly string[], kind: string): string {
  const last = path[path.length - 1];
  if (last === '[]') return `An item of ${fieldPath(path.slice(0, -1))} of ${aKind(kind)}.`;
  if (last === '*') return `A value of ${fieldPath(path.slice(0, -1))} of ${aKind(kind)}.`;
  return `The ${fieldPath(path)} of ${aKind(kind)}.`;
}

/** fieldDoc returns the paragraphs of a field's doc comment: its description, and its default. */
export function fieldDoc(node: SchemaNode | undefined): (string | undefined)[] {
  if (!node) return [];
  return [node.description, node.default === undefined ? undefined : `@default ${literal(node.default)}`];
}

/** enumUnion returns an enum of primitives as a union of literals, or undefined when node has no such enum. */
function enumUnion(node: SchemaNode): string | undefined {
  if (!Array.isArray(node.enum) || node.enum.length === 0) return undefined;
  const values = node.enum.filter((v) => v !== null);
  if (values.length === 0 || !values.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
    return undefined;
  }
  return [...new Set(values.map(literal))].join(' | ');
}

/**
 * withObjectFields returns an embedded resource's fields with apiVersion and kind (which Kubernetes
 * requires of it) and metadata, unless its schema declares them.
 */
function withObjectFields(props: Property[]): Property[] {
  const own: Property[] = [
    { name: 'apiVersion', type: 'string', optional: false, doc: [] },
    { name: 'kind', type: 'string', optional: false, doc: [] },
    { name: 'metadata', type: 'ApiObjectMetadata', optional: true, doc: [] },
  ];
  const named = new Set(props.map((p) => p.name));
  return [...own.filter((p) => !named.has(p.name)), ...props];
}
