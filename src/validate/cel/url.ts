/**
 * Kubernetes CEL's URL library: `url(s)` and `isURL(s)` (an absolute URI or an absolute path, as Go's
 * url.ParseRequestURI reads it), and on a URL `getScheme()`, `getHost()`, `getHostname()`, `getPort()`,
 * `getEscapedPath()` and `getQuery()`.
 */
import { type CelFunc, CelScalar, celFunc, celMethod, listType, mapType } from '@bufbuild/cel';
import { formatCheck } from '../check/formats.js';
import { fieldOf, tagged } from './tagged.js';

const S = CelScalar;
const URL_T = mapType(S.STRING, S.DYN);

/** URLParts are the parts of a URL the getters return. */
interface URLParts {
  scheme: string;
  host: string;
  path: string;
  query: string;
}

/** parseURL returns the parts of s, or throws when s is no URL that url.ParseRequestURI accepts. */
export function parseURL(s: string): URLParts {
  if (!formatCheck('uri')?.(s)) throw new Error(`URL parse error during conversion from string: ${s}`);
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/([^/?]*))?([^?]*)(?:\?(.*))?$/s.exec(s);
  return { scheme: m?.[1] ?? '', host: m?.[2] ?? '', path: m?.[3] ?? '', query: m?.[4] ?? '' };
}

function hostname(host: string): string {
  const h = host.slice(host.lastIndexOf('@') + 1);
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}

function port(host: string): string {
  const h = host.slice(host.lastIndexOf('@') + 1);
  const m = /:(\d*)$/.exec(h.startsWith('[') ? h.slice(h.indexOf(']') + 1) : h);
  return m?.[1] ?? '';
}

function query(q: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of q.split('&')) {
    if (pair === '') continue;
    const [k = '', v = ''] = pair.split(/=(.*)/s);
    const key = decodeURIComponent(k.replaceAll('+', ' '));
    out.set(key, [...(out.get(key) ?? []), decodeURIComponent(v.replaceAll('+', ' '))]);
  }
  return out;
}

function part(u: unknown, name: keyof URLParts): string {
  return String(fieldOf(u as never, 'url', name));
}

/** urlFuncs are the URL library's functions. */
export const urlFuncs: CelFunc[] = [
  celFunc('url', [S.STRING], URL_T, (s) => tagged('url', { ...parseURL(s) }) as never),
  celFunc('isURL', [S.STRING], S.BOOL, (s) => formatCheck('uri')?.(s) === true),
  celMethod('getScheme', URL_T, [], S.STRING, function () {
    return part(this, 'scheme');
  }),
  celMethod('getHost', URL_T, [], S.STRING, function () {
    return part(this, 'host').slice(part(this, 'host').lastIndexOf('@') + 1);
  }),
  celMethod('getHostname', URL_T, [], S.STRING, function () {
    return hostname(part(this, 'host'));
  }),
  celMethod('getPort', URL_T, [], S.STRING, function () {
    return port(part(this, 'host'));
  }),
  celMethod('getEscapedPath', URL_T, [], S.STRING, function () {
    return part(this, 'path');
  }),
  celMethod('getQuery', URL_T, [], mapType(S.STRING, listType(S.STRING)), function () {
    return query(part(this, 'query')) as never;
  }),
];
