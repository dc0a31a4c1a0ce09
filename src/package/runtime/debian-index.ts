/**
 * Debian's Packages index (one stanza of "Field: value" lines per binary package, stanzas separated
 * by blank lines) and the order of Debian version strings, for choosing what to pin.
 */

/** One stanza of a Packages index: its fields by name ("Package", "Version", "Filename", "SHA256"…). */
export type Stanza = Record<string, string>;

/** parsePackagesIndex returns the stanzas of a Packages index; continuation lines are joined with "\n". */
export function parsePackagesIndex(text: string): Stanza[] {
  return text
    .split(/\n\s*\n/)
    .map(parseStanza)
    .filter((s) => Object.keys(s).length > 0);
}

function parseStanza(block: string): Stanza {
  const stanza: Stanza = {};
  let last: string | undefined;
  for (const line of block.split('\n')) {
    if (line === '') continue;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (last) stanza[last] += `\n${line.slice(1)}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      throw new Error(`cannot parse Packages index: line ${JSON.stringify(line)} has no field name`);
    }
    last = line.slice(0, colon);
    stanza[last] = line.slice(colon + 1).trim();
  }
  return stanza;
}

/**
 * compareDebianVersions returns a negative number, zero or a positive number as version a sorts
 * before, with or after b, by Debian policy's rules: epoch numerically, then the upstream version and
 * the Debian revision, each compared as alternating runs of non-digits (letters before other
 * characters, "~" before anything, even the end) and digits (numerically).
 */
export function compareDebianVersions(a: string, b: string): number {
  const x = splitVersion(a);
  const y = splitVersion(b);
  return (
    x.epoch - y.epoch || compareFragment(x.upstream, y.upstream) || compareFragment(x.revision, y.revision)
  );
}

function splitVersion(v: string): { epoch: number; upstream: string; revision: string } {
  const colon = v.indexOf(':');
  const epoch = colon > 0 ? Number(v.slice(0, colon)) : 0;
  const rest = colon > 0 ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf('-');
  return dash < 0
    ? { epoch, upstream: rest, revision: '' }
    : { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) };
}

function compareFragment(a: string, b: string): number {
  const x = runs(a);
  const y = runs(b);
  for (let k = 0; k < Math.max(x.length, y.length); k++) {
    const [textX = '', digitsX = ''] = x[k] ?? [];
    const [textY = '', digitsY = ''] = y[k] ?? [];
    const diff = compareText(textX, textY) || compareDigits(digitsX, digitsY);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** runs splits a version fragment into pairs of a non-digit run and the digit run after it. */
function runs(fragment: string): [string, string][] {
  return [...fragment.matchAll(/(\D*)(\d*)/g)].filter((m) => m[0] !== '').map((m) => [m[1]!, m[2]!]);
}

/** compareDigits compares two runs of digits as numbers of any length (empty counts as 0). */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** compareText compares two runs of non-digits character by character, by order(). */
function compareText(a: string, b: string): number {
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    const diff = order(a[k]) - order(b[k]);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** order ranks a character: "~" lowest, then the end of the string, then letters, then the rest. */
function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  const code = c.charCodeAt(0);
  if (/[A-Za-z]/.test(c)) return code;
  return code + 256;
}
