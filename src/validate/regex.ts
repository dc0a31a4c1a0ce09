/**
 * Regular expressions as Kubernetes evaluates them: RE2 syntax and semantics (Go's regexp), for schema
 * `pattern`s and CEL's matches/find/findAll. The engine is @bufbuild/re2, the one @bufbuild/cel uses;
 * compiled patterns are kept, since the same few patterns are tried against every object.
 */
import { RE2JS } from '@bufbuild/re2';

const compiled = new Map<string, RE2JS>();

/** re2 returns pattern compiled, or throws `cannot compile regular expression ...` naming why. */
export function re2(pattern: string): RE2JS {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern);
    } catch (cause) {
      throw new Error(`cannot compile regular expression ${JSON.stringify(pattern)}: ${message(cause)}`, {
        cause,
      });
    }
    compiled.set(pattern, re);
  }
  return re;
}

/** searchRE2 reports whether pattern matches anywhere in s, as Go's regexp.MatchString. */
export function searchRE2(pattern: string, s: string): boolean {
  return re2(pattern).test(s);
}

/**
 * jsRegExp returns an RE2 pattern as an equivalent JavaScript RegExp (global, unicode), for finding where
 * matches are (RE2JS reports only whether there is one): inline flags `(?i)`, `(?s)` and `(?m)` at the
 * start become flags, `(?P<name>` becomes `(?<name>`, `\A` and `\z` anchors. It throws for constructs it
 * cannot carry over.
 */
export function jsRegExp(pattern: string): RegExp {
  re2(pattern); // RE2 must accept it first: JavaScript accepts more.
  let source = pattern;
  let flags = 'gu';
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline) {
    flags += inline[1];
    source = source.slice(inline[0].length);
  }
  if (/\(\?[a-zA-Z-]+[):]/.test(source.replace(/\(\?P?</g, ''))) {
    throw new Error(
      `cannot evaluate regular expression ${JSON.stringify(pattern)}: flags inside it are not supported`,
    );
  }
  source = source
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$(?![\\s\\S])');
  try {
    return new RegExp(source, flags);
  } catch (cause) {
    throw new Error(`cannot evaluate regular expression ${JSON.stringify(pattern)}: ${message(cause)}`, {
      cause,
    });
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
