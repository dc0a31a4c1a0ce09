/**
 * Kubernetes CEL's semver library: `semver(s)`, `semver(s, normalize)` and `isSemver(s)`, `isSemver(s,
 * normalize)`, and on a version `major()`, `minor()`, `patch()`; comparisons are in compare.ts.
 * Normalizing accepts a leading `v` and missing minor or patch numbers (`v1.2` is 1.2.0).
 */
import { type CelFunc, CelScalar, type CelValue, celFunc, celMethod, mapType } from '@bufbuild/cel';
import { fieldOf, tagged } from './tagged.js';

const S = CelScalar;
const V = mapType(S.STRING, S.DYN);

/** Version is a parsed semantic version. */
export interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string[];
}

const numberPart = '(0|[1-9]\\d*)';
const ident = '[0-9A-Za-z-]+';
const strict = new RegExp(
  `^${numberPart}\\.${numberPart}\\.${numberPart}(?:-(${ident}(?:\\.${ident})*))?(?:\\+(${ident}(?:\\.${ident})*))?$`,
);

/** parseSemver returns s as a version, or undefined; normalize accepts `v1`, `v1.2` and leading zeros. */
export function parseSemver(s: string, normalize = false): Version | undefined {
  let text = s;
  if (normalize) {
    text = text.replace(/^v/, '');
    const core = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$/.exec(text);
    if (core)
      text = `${BigInt(core[1] ?? 0)}.${BigInt(core[2] ?? 0)}.${BigInt(core[3] ?? 0)}${core[4] ?? ''}`;
  }
  const m = strict.exec(text);
  if (!m) return undefined;
  const pre = m[4] ? m[4].split('.') : [];
  if (pre.some((p) => /^\d+$/.test(p) && p.length > 1 && p.startsWith('0'))) return undefined;
  return { major: BigInt(m[1] ?? 0), minor: BigInt(m[2] ?? 0), patch: BigInt(m[3] ?? 0), pre };
}

/** compareSemver orders two versions by semver precedence (build metadata aside). */
export function compareSemver(a: Version, b: Version): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  // A release ranks above its pre-releases.
  if (a.pre.length === 0 || b.pre.length === 0) return Math.sign(b.pre.length - a.pre.length);
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const c = comparePre(a.pre[i] ?? '', b.pre[i] ?? '');
    if (c !== 0) return c;
  }
  return Math.sign(a.pre.length - b.pre.length);
}

/** comparePre orders two pre-release identifiers: numbers by value, below names, names as text. */
function comparePre(x: string, y: string): number {
  if (x === y) return 0;
  const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
  if (nx && ny) return BigInt(x) < BigInt(y) ? -1 : 1;
  if (nx !== ny) return nx ? -1 : 1;
  return x < y ? -1 : 1;
}

function version(v: Version): CelValue {
  return tagged('semver', { major: v.major, minor: v.minor, patch: v.patch, pre: v.pre.join('.') }) as never;
}

/** versionOf returns a semver value as a Version. */
export function versionOf(v: CelValue): Version {
  const pre = String(fieldOf(v, 'semver', 'pre'));
  return {
    major: fieldOf(v, 'semver', 'major') as bigint,
    minor: fieldOf(v, 'semver', 'minor') as bigint,
    patch: fieldOf(v, 'semver', 'patch') as bigint,
    pre: pre === '' ? [] : pre.split('.'),
  };
}

function parse(s: string, normalize: boolean): CelValue {
  const v = parseSemver(s, normalize);
  if (!v) throw new Error(`Invalid semver: ${s}`);
  return version(v);
}

/** semverFuncs are the semver library's functions. */
export const semverFuncs: CelFunc[] = [
  celFunc('semver', [S.STRING], V, (s) => parse(s, false) as never),
  celFunc('semver', [S.STRING, S.BOOL], V, (s, n) => parse(s, n) as never),
  celFunc('isSemver', [S.STRING], S.BOOL, (s) => parseSemver(s) !== undefined),
  celFunc('isSemver', [S.STRING, S.BOOL], S.BOOL, (s, n) => parseSemver(s, n) !== undefined),
  ...(['major', 'minor', 'patch'] as const).map((part) =>
    celMethod(part, V, [], S.INT, function () {
      return versionOf(this)[part];
    }),
  ),
];
