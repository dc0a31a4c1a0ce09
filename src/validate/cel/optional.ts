/**
 * CEL's optional values as Kubernetes enables them (cel.OptionalTypes): `optional.of(x)`, `optional.none()`,
 * `optional.ofNonZeroValue(x)`, `.hasValue()`, `.value()`, `.orValue(x)`, `.or(o)`, and the syntax
 * `a.?b` / `a[?k]`. @bufbuild/cel parses no optional syntax, so rules are rewritten first: `a.?b` becomes
 * `a.kxpOptSelect('b')` and `a[?k]` becomes `a.kxpOptIndex(k)`, methods that return an optional.
 * Optional list and map literal entries (`[?x]`, `{?k: v}`) are not supported.
 */
import {
  type CelFunc,
  CelScalar,
  type CelValue,
  celFunc,
  celMethod,
  isCelList,
  isCelMap,
  listType,
  mapType,
} from '@bufbuild/cel';
import { kindOf, none, optionalValue, some } from './tagged.js';

const S = CelScalar;
const OPT = mapType(S.STRING, S.DYN);

/** rewriteOptionalSyntax returns rule with `.?name` and `[?index]` turned into method calls @bufbuild/cel parses. */
export function rewriteOptionalSyntax(rule: string): string {
  const state = { out: '', brackets: [] as boolean[] };
  let i = 0;
  while (i < rule.length) {
    const literal = stringLiteralEnd(rule, i);
    if (literal > i) {
      state.out += rule.slice(i, literal);
      i = literal;
    } else {
      i = rewriteAt(rule, i, state);
    }
  }
  return state.out;
}

/** rewriteAt rewrites the token at i of rule into state and returns where the next token starts. */
function rewriteAt(rule: string, i: number, state: { out: string; brackets: boolean[] }): number {
  const c = rule[i];
  const select = /^\.\?\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(rule.slice(i));
  if (select) {
    state.out += `.kxpOptSelect('${select[1]}')`;
    return i + select[0].length;
  }
  if (c === '[') {
    const optional = /^\[\s*\?/.test(rule.slice(i)) && /[\w)\]]\s*$/.test(state.out);
    state.brackets.push(optional);
    state.out += optional ? '.kxpOptIndex(' : c;
    return optional ? rule.indexOf('?', i) + 1 : i + 1;
  }
  if (c === ']') {
    state.out += state.brackets.pop() ? ')' : ']';
    return i + 1;
  }
  state.out += c;
  return i + 1;
}

/** stringLiteralEnd returns where a string or bytes literal starting at i ends, or i when none starts there. */
function stringLiteralEnd(s: string, i: number): number {
  const m = /^([rRbB]{0,2})('''|"""|'|")/.exec(s.slice(i));
  if (!m || (i > 0 && /[\w]/.test(s[i - 1] ?? '') && m[1] === '')) return i;
  const prefix = m[1] ?? '';
  if (prefix !== '' && i > 0 && /[\w.]/.test(s[i - 1] ?? '')) return i;
  const quote = m[2] ?? '';
  const raw = /r/i.test(prefix);
  let j = i + m[0].length;
  while (j < s.length) {
    if (!raw && s[j] === '\\') {
      j += 2;
      continue;
    }
    if (s.startsWith(quote, j)) return j + quote.length;
    j++;
  }
  return s.length;
}

/** isZero reports whether v is its type's zero value (optional.ofNonZeroValue). */
function isZero(v: CelValue): boolean {
  if (v === null || v === false || v === 0 || v === 0n || v === '') return true;
  if (v instanceof Uint8Array) return v.length === 0;
  if (isCelList(v) || isCelMap(v)) return v.size === 0 && kindOf(v) === undefined;
  return false;
}

/** select returns target's field or key name as an optional, an optional target passing through. */
function select(target: CelValue, key: CelValue): CelValue {
  let base: CelValue | undefined = target;
  if (kindOf(target) === 'optional') {
    base = optionalValue(target);
    if (base === undefined) return none();
  }
  if (isCelMap(base)) {
    if (typeof key !== 'string' && typeof key !== 'bigint' && typeof key !== 'boolean') return none();
    return base.has(key) ? some(base.get(key) as CelValue) : none();
  }
  if (isCelList(base) && typeof key === 'bigint') {
    const i = Number(key);
    return i >= 0 && i < base.size ? some(base.get(i) as CelValue) : none();
  }
  throw new Error(`no such overload: optional selection on ${typeof base}`);
}

/** optionalFuncs are the optional library's functions and the methods the syntax rewrite calls. */
export const optionalFuncs: CelFunc[] = [
  celFunc('optional.of', [S.DYN], OPT, (v) => some(v) as never),
  celFunc('optional.none', [], OPT, () => none() as never),
  celFunc('optional.ofNonZeroValue', [S.DYN], OPT, (v) => (isZero(v) ? none() : some(v)) as never),
  celMethod('hasValue', OPT, [], S.BOOL, function () {
    return optionalValue(this) !== undefined;
  }),
  celMethod('value', OPT, [], S.DYN, function () {
    const v = optionalValue(this);
    if (v === undefined) throw new Error('optional.none() dereference');
    return v as never;
  }),
  celMethod('orValue', OPT, [S.DYN], S.DYN, function (d) {
    return (optionalValue(this) ?? d) as never;
  }),
  celMethod('or', OPT, [OPT], OPT, function (other) {
    return (optionalValue(this) === undefined ? other : this) as never;
  }),
  celMethod('kxpOptSelect', S.DYN, [S.STRING], OPT, function (name) {
    return select(this, name) as never;
  }),
  celMethod('kxpOptIndex', S.DYN, [S.DYN], OPT, function (key) {
    return select(this, key) as never;
  }),
  celMethod('kxpOptIndex', listType(S.DYN), [S.INT], OPT, function (key) {
    return select(this, key) as never;
  }),
];
