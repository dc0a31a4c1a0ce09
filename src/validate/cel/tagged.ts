/**
 * Values of the Kubernetes CEL types that @bufbuild/cel has no type for — optional, URL, quantity, IP,
 * CIDR, semver, format — carried as CEL maps tagged with a key no object can have. Two values are equal
 * when their kind and canonical fields are, so `quantity('1') == quantity('1000m')` holds.
 */
import { type CelInput, type CelMap, type CelValue, celMap, isCelList, isCelMap } from '@bufbuild/cel';

/** TAG is the key naming a tagged value's kind; YAML and JSON keys never hold a NUL character. */
export const TAG = '\u0000kxp';

/** Kind names the Kubernetes CEL types carried as tagged maps. */
export type Kind = 'optional' | 'url' | 'quantity' | 'ip' | 'cidr' | 'semver' | 'format';

/** tagged returns a tagged value of kind with fields. */
export function tagged(kind: Kind, fields: Record<string, CelInput> = {}): CelMap {
  return celMap(new Map<string, CelInput>(Object.entries({ [TAG]: kind, ...fields })));
}

/** kindOf returns the kind of a tagged value, or undefined for any other value. */
export function kindOf(v: CelValue | undefined): Kind | undefined {
  if (!isCelMap(v)) return undefined;
  const kind = v.get(TAG);
  return typeof kind === 'string' ? (kind as Kind) : undefined;
}

/** fieldOf returns a field of a tagged value of kind, or throws `expected <kind>` for anything else. */
export function fieldOf(v: CelValue, kind: Kind, name: string): CelValue | undefined {
  if (kindOf(v) !== kind) throw new Error(`no such overload: expected ${kind}, got ${describe(v)}`);
  return (v as CelMap).get(name);
}

/** describe returns a value's CEL type name for messages. */
export function describe(v: CelValue | undefined): string {
  const kind = kindOf(v);
  if (kind) return kind;
  if (v === null) return 'null_type';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'double';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof Uint8Array) return 'bytes';
  if (isCelList(v)) return 'list';
  if (isCelMap(v)) return 'map';
  return 'object';
}

/** none returns the empty optional; some returns an optional holding value. */
export function none(): CelMap {
  return tagged('optional');
}

export function some(value: CelValue): CelMap {
  return tagged('optional', { value: value as CelInput });
}

/** optionalValue returns what an optional holds, or undefined when it is empty. */
export function optionalValue(v: CelValue): CelValue | undefined {
  return fieldOf(v, 'optional', 'value');
}
