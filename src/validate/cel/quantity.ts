/**
 * Kubernetes CEL's quantity library: `quantity(s)` and `isQuantity(s)` (resource quantities such as
 * `1.5Gi`, `250m`, `1e3`), and on a quantity `sign()`, `isInteger()`, `asInteger()`,
 * `asApproximateFloat()`, `add(q|int)`, `sub(q|int)`; `isGreaterThan`, `isLessThan` and `compareTo`, which
 * semvers share, are in compare.ts. A quantity is kept exactly, as a fraction n / 10^d.
 */
import { type CelFunc, CelScalar, type CelValue, celFunc, celMethod, mapType } from '@bufbuild/cel';
import { fieldOf, tagged } from './tagged.js';

const S = CelScalar;
const Q = mapType(S.STRING, S.DYN);

/** Exact is n / 10^d, reduced (no factor of ten left in n when d > 0). */
export interface Exact {
  n: bigint;
  d: number;
}

const binary: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const decimal: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** parseQuantity returns s as an exact number, or undefined when it is no resource quantity. */
export function parseQuantity(s: string): Exact | undefined {
  const m = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE]?)$/.exec(s);
  if (!m) return undefined;
  const [, sign = '', number = '', suffix = ''] = m;
  const [whole = '', frac = ''] = number.split('.');
  let n = BigInt(`${whole}${frac}` || '0');
  let d = frac.length;
  if (suffix in binary) n *= binary[suffix] ?? 1n;
  else {
    const exp =
      suffix.startsWith('e') || suffix.startsWith('E') ? Number(suffix.slice(1)) : (decimal[suffix] ?? 0);
    if (exp >= 0) n *= 10n ** BigInt(exp);
    else d -= exp;
  }
  if (d < 0) {
    n *= 10n ** BigInt(-d);
    d = 0;
  }
  return reduce({ n: sign === '-' ? -n : n, d });
}

function reduce(q: Exact): Exact {
  let { n, d } = q;
  while (d > 0 && n % 10n === 0n) {
    n /= 10n;
    d--;
  }
  return { n, d };
}

function scaled(q: Exact, d: number): bigint {
  return q.n * 10n ** BigInt(d - q.d);
}

/** compareExact orders two exact numbers. */
export function compareExact(a: Exact, b: Exact): number {
  const d = Math.max(a.d, b.d);
  const [x, y] = [scaled(a, d), scaled(b, d)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function add(a: Exact, b: Exact, sign: 1n | -1n): Exact {
  const d = Math.max(a.d, b.d);
  return reduce({ n: scaled(a, d) + sign * scaled(b, d), d });
}

function quantity(q: Exact): CelValue {
  return tagged('quantity', { n: q.n.toString(), d: BigInt(q.d) }) as never;
}

/** exact returns a quantity (or an int) as an exact number. */
export function exact(v: CelValue): Exact {
  if (typeof v === 'bigint') return { n: v, d: 0 };
  return { n: BigInt(String(fieldOf(v, 'quantity', 'n'))), d: Number(fieldOf(v, 'quantity', 'd')) };
}

function parse(s: string): CelValue {
  const q = parseQuantity(s);
  if (!q)
    throw new Error(
      `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  return quantity(q);
}

const maxInt64 = (1n << 63n) - 1n;

/** quantityFuncs are the quantity library's functions. */
export const quantityFuncs: CelFunc[] = [
  celFunc('quantity', [S.STRING], Q, (s) => parse(s) as never),
  celFunc('isQuantity', [S.STRING], S.BOOL, (s) => parseQuantity(s) !== undefined),
  celMethod('sign', Q, [], S.INT, function () {
    const n = exact(this).n;
    return n > 0n ? 1n : n < 0n ? -1n : 0n;
  }),
  celMethod('isInteger', Q, [], S.BOOL, function () {
    const q = exact(this);
    return q.d === 0 && q.n <= maxInt64 && q.n >= -maxInt64 - 1n;
  }),
  celMethod('asInteger', Q, [], S.INT, function () {
    const q = exact(this);
    if (q.d !== 0 || q.n > maxInt64 || q.n < -maxInt64 - 1n)
      throw new Error('cannot convert value to integer');
    return q.n;
  }),
  celMethod('asApproximateFloat', Q, [], S.DOUBLE, function () {
    const q = exact(this);
    return Number(q.n) / 10 ** q.d;
  }),
  ...(['add', 'sub'] as const).flatMap((name) =>
    [Q, S.INT].map((arg) =>
      celMethod(name, Q, [arg], Q, function (other: CelValue) {
        return quantity(add(exact(this), exact(other), name === 'add' ? 1n : -1n)) as never;
      }),
    ),
  ),
];
