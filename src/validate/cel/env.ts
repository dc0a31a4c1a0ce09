/**
 * The CEL environment kxp evaluates x-kubernetes-validations rules in: @bufbuild/cel's standard library
 * and strings extension, with the Kubernetes libraries added (lists, sets, regex, URLs, quantities, IPs and
 * CIDRs, formats, semver, optionals). compileRule parses a rule once, refuses it naming any function
 * outside that set, and returns a program to run against `self` (and `oldSelf`).
 */
import { type CelEnv, type CelFunc, type CelResult, celEnv, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { re2 } from '../regex.js';
import { compareFuncs } from './compare.js';
import { formatFuncs } from './format.js';
import { listFuncs } from './lists.js';
import { networkFuncs } from './network.js';
import { optionalFuncs, rewriteOptionalSyntax } from './optional.js';
import { quantityFuncs } from './quantity.js';
import { regexFuncs } from './regex.js';
import { semverFuncs } from './semver.js';
import { urlFuncs } from './url.js';

const funcs: CelFunc[] = [
  ...strings,
  ...optionalFuncs,
  ...listFuncs,
  ...regexFuncs,
  ...urlFuncs,
  ...quantityFuncs,
  ...networkFuncs,
  ...formatFuncs,
  ...semverFuncs,
  ...compareFuncs,
];

/**
 * celLibraries describes what rules may call, for `kxp validate --help`: the standard library and macros
 * (has, all, exists, exists_one, map, filter), and the Kubernetes libraries kxp implements.
 */
export const celLibraries = [
  'standard: operators, size, contains, startsWith, endsWith, matches (RE2), int, uint, double, string, bool,',
  '  bytes, dyn, type, timestamp, duration and their getters; has, all, exists, exists_one, map, filter',
  'strings: charAt, indexOf, lastIndexOf, lowerAscii, upperAscii, replace, split, substring, trim, join,',
  '  format, strings.quote',
  'lists: isSorted, sum, min, max, indexOf, lastIndexOf, lists.range, slice, flatten, distinct, reverse,',
  '  sort, first, last; sets: sets.contains, sets.equivalent, sets.intersects',
  'regex: find, findAll; optional: a.?b, a[?k], optional.of/none/ofNonZeroValue, hasValue, value, orValue, or',
  'url, isURL, getScheme, getHost, getHostname, getPort, getEscapedPath, getQuery',
  'quantity, isQuantity, sign, isInteger, asInteger, asApproximateFloat, add, sub, compareTo,',
  '  isGreaterThan, isLessThan',
  'ip, isIP, ip.isCanonical, family, isUnspecified, isLoopback, isLinkLocalMulticast, isLinkLocalUnicast,',
  '  isGlobalUnicast; cidr, isCIDR, containsIP, containsCIDR, masked, prefixLength',
  'format.dns1123Label (and the other named formats), format.named, validate; semver, isSemver, major,',
  '  minor, patch',
  'not supported (a rule calling them is reported, naming the function): two-variable comprehensions',
  '  (all(i, v, ...), transformList, ...), sortBy, optional list and map literal entries, authz',
];

/** env is the environment every rule runs in; RE2 patterns are compiled once. */
export const env: CelEnv = celEnv({ funcs, re2: { compile: (pattern: string) => re2(pattern) } });

/** The operators and macros the parser leaves as calls, which need no function of the environment. */
const operators = new Set(['_&&_', '_||_', '_?_:_', '@not_strictly_false', '_[_]', '!_', '-_']);

/** Program is a compiled rule: run it with self (and oldSelf) bound. */
export interface Program {
  run(vars: { self: unknown; oldSelf?: unknown }): CelResult;
  /** usesOldSelf: the rule is a transition rule, which the API server skips on create. */
  usesOldSelf: boolean;
}

/** Compiled is a program, or why there is none (a syntax error, an unsupported function). */
export type Compiled = { ok: true; program: Program } | { ok: false; message: string };

const cache = new Map<string, Compiled>();

/** compileRule returns the program of a CEL expression, compiled once per text. */
export function compileRule(expr: string): Compiled {
  let compiled = cache.get(expr);
  if (compiled === undefined) {
    compiled = compile(expr);
    cache.set(expr, compiled);
  }
  return compiled;
}

function compile(expr: string): Compiled {
  let ast: ReturnType<typeof parse>;
  try {
    ast = parse(rewriteOptionalSyntax(expr));
  } catch (cause) {
    return { ok: false, message: `rule compile error: ${(cause as Error).message}` };
  }
  const found = { unsupported: [] as string[], oldSelf: false };
  walk(ast.expr, new Set(['self', 'oldSelf']), found);
  if (found.unsupported.length > 0) {
    const names = [...new Set(found.unsupported)].join(', ');
    return {
      ok: false,
      message: `kxp validate cannot evaluate this rule: it calls ${names}, which kxp does not support (kxp validate --help lists what it does)`,
    };
  }
  const run = plan(env, ast);
  return { ok: true, program: { run: (vars) => run(vars as never), usesOldSelf: found.oldSelf } };
}

interface Node {
  exprKind: { case: string | undefined; value?: unknown };
}

/** walk records the functions an expression calls that the environment lacks, and whether it reads oldSelf. */
function walk(
  e: Node | undefined,
  vars: Set<string>,
  found: { unsupported: string[]; oldSelf: boolean },
): void {
  if (!e) return;
  const { case: kind, value } = e.exprKind;
  // biome-ignore lint/suspicious/noExplicitAny: the generated protobuf types of each expression kind
  const v = value as any;
  switch (kind) {
    case 'identExpr':
      if (v.name === 'oldSelf') found.oldSelf = true;
      return;
    case 'selectExpr':
      walk(v.operand, vars, found);
      return;
    case 'callExpr':
      checkCall(v, vars, found);
      walk(v.target, vars, found);
      for (const a of v.args as Node[]) walk(a, vars, found);
      return;
    case 'listExpr':
      for (const el of v.elements as Node[]) walk(el, vars, found);
      return;
    case 'structExpr':
      for (const entry of v.entries as { value: Node; mapKey?: Node }[]) walk(entry.value, vars, found);
      return;
    case 'comprehensionExpr': {
      const inner = new Set([...vars, v.iterVar, v.iterVar2, v.accuVar].filter(Boolean) as string[]);
      walk(v.iterRange, vars, found);
      walk(v.accuInit, vars, found);
      for (const part of [v.loopCondition, v.loopStep, v.result]) walk(part, inner, found);
      return;
    }
  }
}

function checkCall(
  call: { function: string; target?: Node; args: Node[] },
  vars: Set<string>,
  found: { unsupported: string[] },
): void {
  const name = call.function;
  if (operators.has(name) || env.funcs.find(name)) return;
  const qualifier = call.target ? qualifiedName(call.target) : undefined;
  if (qualifier && !vars.has(qualifier.split('.')[0] ?? '') && env.funcs.find(`${qualifier}.${name}`)) return;
  const twoVar = ['all', 'exists', 'existsOne', 'exists_one'].includes(name) && call.args.length === 3;
  const shown = qualifier && !vars.has(qualifier.split('.')[0] ?? '') ? `${qualifier}.${name}` : name;
  found.unsupported.push(twoVar ? `${name} with two variables` : shown);
}

function qualifiedName(e: Node): string | undefined {
  const v = e.exprKind.value as { name?: string; operand?: Node; field?: string };
  if (e.exprKind.case === 'identExpr') return v.name;
  if (e.exprKind.case === 'selectExpr' && v.operand) {
    const base = qualifiedName(v.operand);
    return base === undefined ? undefined : `${base}.${v.field}`;
  }
  return undefined;
}

/**
 * runtimeMessage returns a CEL evaluation error worded as cel-go words it, which Kubernetes reports:
 * `no such key: x`, `no such overload`, `division by zero`, `index out of bounds: 3`.
 */
export function runtimeMessage(err: Error): string {
  const m = err.message;
  const key = /^field not found: (.*)$/.exec(m);
  if (key) return `no such key: ${key[1]}`;
  if (/no matching overload|^no such overload/.test(m)) return 'no such overload';
  const index = /index (-?\d+) out of bounds/.exec(m);
  if (index) return `index out of bounds: ${index[1]}`;
  if (/divide by zero/.test(m)) return 'division by zero';
  if (/modulus by zero/.test(m)) return 'modulus by zero';
  return m;
}
