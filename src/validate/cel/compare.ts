/**
 * `compareTo`, `isGreaterThan` and `isLessThan`, which quantities and semantic versions share: one method
 * each, comparing by the kind of value it is called on.
 */
import { type CelFunc, CelScalar, type CelValue, celMethod, mapType } from '@bufbuild/cel';
import { compareExact, exact } from './quantity.js';
import { compareSemver, versionOf } from './semver.js';
import { describe, kindOf } from './tagged.js';

const S = CelScalar;
const T = mapType(S.STRING, S.DYN);

/** compareTagged orders two quantities or two semantic versions. */
export function compareTagged(a: CelValue, b: CelValue): number {
  const kind = kindOf(a);
  if (kind === 'quantity' && kindOf(b) === 'quantity') return compareExact(exact(a), exact(b));
  if (kind === 'semver' && kindOf(b) === 'semver') return compareSemver(versionOf(a), versionOf(b));
  throw new Error(`no such overload: cannot compare ${describe(a)} with ${describe(b)}`);
}

/** compareFuncs are the comparison methods. */
export const compareFuncs: CelFunc[] = [
  celMethod('compareTo', T, [T], S.INT, function (other) {
    return BigInt(compareTagged(this, other));
  }),
  celMethod('isGreaterThan', T, [T], S.BOOL, function (other) {
    return compareTagged(this, other) > 0;
  }),
  celMethod('isLessThan', T, [T], S.BOOL, function (other) {
    return compareTagged(this, other) < 0;
  }),
];
