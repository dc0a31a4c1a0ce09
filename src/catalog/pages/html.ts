/**
 * HTML written with a tagged template that escapes every value it is given, unless the value is
 * already HTML (made by this template or by raw). Lists of HTML are joined. Nothing a user or kcp
 * sends reaches a page unescaped.
 */

/** Html is markup that is safe to put in a page as it is. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** escape returns s with the characters HTML gives meaning to replaced by entities. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

type Value = Html | string | number | boolean | undefined | null | readonly Value[];

function piece(v: Value): string {
  if (v === undefined || v === null || v === false) return '';
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(piece).join('');
  return escapeHtml(String(v));
}

/** h returns the template as HTML, its values escaped. */
export function h(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += piece(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** path returns a URL path from segments, each encoded (a workspace path's colons stay readable). */
export function path(...segments: string[]): string {
  return `/${segments.map((s) => encodeURIComponent(s).replace(/%3A/g, ':')).join('/')}`;
}
