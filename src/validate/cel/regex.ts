/**
 * Kubernetes CEL's regex library: `s.find(re)` returns the first match (or ""), `s.findAll(re)` and
 * `s.findAll(re, n)` the matches (at most n when n is not negative). Patterns are RE2, as in Go.
 */
import { type CelFunc, CelScalar, celMethod, listType } from '@bufbuild/cel';
import { jsRegExp } from '../regex.js';

const S = CelScalar;

/** findAll returns the matches of pattern in s, at most limit of them when limit is not negative. */
export function findAll(s: string, pattern: string, limit = -1): string[] {
  if (limit === 0) return [];
  const out: string[] = [];
  for (const m of s.matchAll(jsRegExp(pattern))) {
    out.push(m[0]);
    if (limit > 0 && out.length >= limit) break;
  }
  return out;
}

/** regexFuncs are find and findAll. */
export const regexFuncs: CelFunc[] = [
  celMethod('find', S.STRING, [S.STRING], S.STRING, function (pattern) {
    return findAll(this, pattern, 1)[0] ?? '';
  }),
  celMethod('findAll', S.STRING, [S.STRING], listType(S.STRING), function (pattern) {
    return findAll(this, pattern);
  }),
  celMethod('findAll', S.STRING, [S.STRING, S.INT], listType(S.STRING), function (pattern, n) {
    return findAll(this, pattern, Number(n));
  }),
];
