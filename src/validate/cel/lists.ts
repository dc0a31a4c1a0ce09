/**
 * The list functions Kubernetes CEL offers: its own lists library (`isSorted`, `sum`, `min`, `max`,
 * `indexOf`, `lastIndexOf`), cel-go's lists extension v3 (`lists.range`, `slice`, `flatten`, `distinct`,
 * `reverse`, `sort`, `first`, `last`) and sets extension (`sets.contains`, `sets.equivalent`,
 * `sets.intersects`).
 */
import {
  type CelFunc,
  type CelList,
  CelScalar,
  type CelValue,
  celFunc,
  celMethod,
  isCelList,
  isCelMap,
  listType,
} from '@bufbuild/cel';
import { describe, none, some } from './tagged.js';

const S = CelScalar;
const LIST = listType(S.DYN);

/** celEqual reports whether two CEL values are equal, numbers across int, uint and double. */
export function celEqual(a: CelValue | undefined, b: CelValue | undefined): boolean {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (isCelList(a) && isCelList(b)) {
    return a.size === b.size && [...a].every((x, i) => celEqual(x, b.get(i)));
  }
  if (isCelMap(a) && isCelMap(b)) {
    return a.size === b.size && [...a.keys()].every((k) => b.has(k) && celEqual(a.get(k), b.get(k)));
  }
  if (isMessage(a) && isMessage(b)) return compare(a, b) === 0;
  return a === b;
}

function numeric(v: CelValue | undefined): number | undefined {
  if (typeof v === 'bigint' || typeof v === 'number') return Number(v);
  if (typeof v === 'object' && v !== null && 'value' in v && typeof v.value === 'bigint')
    return Number(v.value);
  return undefined;
}

interface Message {
  message: { seconds: bigint; nanos: number };
}

function isMessage(v: unknown): v is Message {
  return (
    typeof v === 'object' &&
    v !== null &&
    'message' in v &&
    typeof (v as Message).message?.seconds === 'bigint'
  );
}

/** compare orders two comparable CEL values (numbers, strings, bools, bytes, timestamps, durations). */
export function compare(a: CelValue | undefined, b: CelValue | undefined): number {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return order(na, nb);
  if (typeof a === 'string' && typeof b === 'string') return order(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return order(Number(a), Number(b));
  if (isMessage(a) && isMessage(b)) {
    return order(a.message.seconds, b.message.seconds) || order(a.message.nanos, b.message.nanos);
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  throw new Error(`no such overload: cannot compare ${describe(a)} and ${describe(b)}`);
}

function order<T extends number | bigint | string>(x: T, y: T): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const i = a.findIndex((x, j) => x !== b[j]);
  if (i >= 0 && i < b.length) return order(a[i] ?? 0, b[i] ?? 0);
  return order(a.length, b.length);
}

function items(list: CelList): CelValue[] {
  return [...list];
}

function extreme(list: CelList, sign: 1 | -1, name: string): CelValue {
  const all = items(list);
  if (all.length === 0) throw new Error(`${name}(): list is empty`);
  return all.reduce((best, v) => (compare(v, best) * sign > 0 ? v : best)) as CelValue;
}

function sum(list: CelList): CelValue {
  const all = items(list);
  if (all.length === 0) return 0n;
  if (all.every((v) => typeof v === 'bigint')) return all.reduce((a, v) => (a as bigint) + (v as bigint), 0n);
  if (all.every((v) => typeof v === 'number' || typeof v === 'bigint')) {
    return all.reduce<number>((a, v) => a + Number(v), 0);
  }
  throw new Error('no such overload: sum() of a list that is not of numbers');
}

function flatten(list: CelList, depth: number): CelValue[] {
  if (depth < 0) throw new Error('level must be non-negative');
  const out: CelValue[] = [];
  for (const v of list) {
    if (isCelList(v) && depth > 0) out.push(...flatten(v, depth - 1));
    else out.push(v);
  }
  return out;
}

function indexOf(list: CelList, x: CelValue, last: boolean): bigint {
  const all = items(list);
  const order = last ? [...all.keys()].reverse() : [...all.keys()];
  const found = order.find((i) => celEqual(all[i], x));
  return BigInt(found ?? -1);
}

function distinct(list: CelList): CelValue[] {
  const out: CelValue[] = [];
  for (const v of list) if (!out.some((o) => celEqual(o, v))) out.push(v);
  return out;
}

function slice(list: CelList, start: bigint, end: bigint): CelValue[] {
  if (start < 0n || end < start || end > BigInt(list.size)) {
    throw new Error(`cannot slice(${start}, ${end}), list is length ${list.size}`);
  }
  return items(list).slice(Number(start), Number(end));
}

function isSorted(list: CelList): boolean {
  const all = items(list);
  return all.every((v, i) => i === 0 || compare(all[i - 1], v) <= 0);
}

/** listFuncs are the list and set functions. */
export const listFuncs: CelFunc[] = [
  celMethod('isSorted', LIST, [], S.BOOL, function () {
    return isSorted(this);
  }),
  celMethod('sum', LIST, [], S.DYN, function () {
    return sum(this) as never;
  }),
  celMethod('min', LIST, [], S.DYN, function () {
    return extreme(this, -1, 'min') as never;
  }),
  celMethod('max', LIST, [], S.DYN, function () {
    return extreme(this, 1, 'max') as never;
  }),
  celMethod('indexOf', LIST, [S.DYN], S.INT, function (x) {
    return indexOf(this, x, false);
  }),
  celMethod('lastIndexOf', LIST, [S.DYN], S.INT, function (x) {
    return indexOf(this, x, true);
  }),
  celFunc('lists.range', [S.INT], LIST, (n) => Array.from({ length: Number(n) }, (_, i) => BigInt(i))),
  celMethod('slice', LIST, [S.INT, S.INT], LIST, function (start, end) {
    return slice(this, start, end) as never;
  }),
  celMethod('flatten', LIST, [], LIST, function () {
    return flatten(this, 1) as never;
  }),
  celMethod('flatten', LIST, [S.INT], LIST, function (depth) {
    return flatten(this, Number(depth)) as never;
  }),
  celMethod('distinct', LIST, [], LIST, function () {
    return distinct(this) as never;
  }),
  celMethod('reverse', LIST, [], LIST, function () {
    return items(this).reverse() as never;
  }),
  celMethod('sort', LIST, [], LIST, function () {
    return items(this).sort(compare) as never;
  }),
  celMethod('first', LIST, [], S.DYN, function () {
    return (this.size > 0 ? some(this.get(0) as CelValue) : none()) as never;
  }),
  celMethod('last', LIST, [], S.DYN, function () {
    return (this.size > 0 ? some(this.get(this.size - 1) as CelValue) : none()) as never;
  }),
  celFunc('sets.contains', [LIST, LIST], S.BOOL, (a, b) =>
    items(b).every((x) => items(a).some((y) => celEqual(x, y))),
  ),
  celFunc('sets.equivalent', [LIST, LIST], S.BOOL, (a, b) => {
    const [xs, ys] = [items(a), items(b)];
    return xs.every((x) => ys.some((y) => celEqual(x, y))) && ys.every((y) => xs.some((x) => celEqual(x, y)));
  }),
  celFunc('sets.intersects', [LIST, LIST], S.BOOL, (a, b) =>
    items(a).some((x) => items(b).some((y) => celEqual(x, y))),
  ),
];
