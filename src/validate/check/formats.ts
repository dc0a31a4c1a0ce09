/**
 * The string formats the Kubernetes API server validates in custom resources (apiextensions-apiserver's
 * supported formats, checked as kube-openapi's strfmt registry checks them). Formats outside this list
 * are ignored, as the server ignores them; formats of integers and numbers (int32, double) are not
 * checked at all. An empty string is checked like any other.
 */
import { isIP, parseCIDR } from './ip.js';

type Check = (s: string) => boolean;

const shortName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const longName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const hostname =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
const creditCard =
  /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11}|6[27][0-9]{14})$/;
const rgbColor =
  /^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/;
const timeOfDay = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/;

/** The checks, by format name without dashes (as kube-openapi normalises names: date-time is datetime). */
const checks: Record<string, Check> = {
  bsonobjectid: (s) => /^[0-9a-fA-F]{24}$/.test(s),
  uri: isRequestURI,
  email: isEmail,
  hostname: (s) => hostname.test(s) && s.length <= 255 && s.split('.').every((p) => p.length <= 63),
  ipv4: (s) => isIP(s, true) && s.includes('.'),
  ipv6: (s) => isIP(s, false) && s.includes(':'),
  cidr: (s) => parseCIDR(s, true) !== undefined,
  mac: isMAC,
  uuid: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  uuid3: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  uuid4: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s),
  uuid5: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s),
  isbn: (s) => isISBN(s, 10) || isISBN(s, 13),
  isbn10: (s) => isISBN(s, 10),
  isbn13: (s) => isISBN(s, 13),
  creditcard: isCreditCard,
  ssn: (s) => s.length === 11 && /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(s),
  hexcolor: (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  rgbcolor: (s) => rgbColor.test(s),
  byte: (s) => base64.test(s),
  password: () => true,
  date: isDate,
  duration: (s) => parseDuration(s) !== undefined,
  datetime: isDateTime,
  k8sshortname: (s) => s.length <= 63 && shortName.test(s),
  k8slongname: (s) => s.length <= 253 && longName.test(s),
};

/** supportedFormats are the formats kxp validates, as a schema names them. */
export const supportedFormats = [
  ...['bsonobjectid', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac'],
  ...['uuid', 'uuid3', 'uuid4', 'uuid5', 'isbn', 'isbn10', 'isbn13', 'creditcard', 'ssn'],
  ...['hexcolor', 'rgbcolor', 'byte', 'password', 'date', 'duration', 'date-time', 'datetime'],
  ...['k8s-short-name', 'k8s-long-name'],
] as const;

/** formatCheck returns the check of a string format, or undefined for a format the server ignores. */
export function formatCheck(format: string): Check | undefined {
  return checks[format.replaceAll('-', '')];
}

/** isDate reports whether s is a full date, YYYY-MM-DD, of a day that exists (Go's time.Parse("2006-01-02")). */
export function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** isDateTime reports whether s is an RFC 3339 date-time with a time zone, as strfmt.IsDateTime. */
export function isDateTime(s: string): boolean {
  if (s.length < 4) return false;
  const [date, time] = s.toLowerCase().split('t');
  if (date === undefined || time === undefined || !isDate(date)) return false;
  const m = timeOfDay.exec(time);
  return m !== null && (m[1] ?? '') <= '23' && (m[2] ?? '') <= '59' && (m[3] ?? '') <= '59';
}

const units: [string[], number][] = [
  [['ns', 'nano'], 1e-9],
  [['us', 'µs', 'micro'], 1e-6],
  [['ms', 'milli'], 1e-3],
  [['s', 'sec'], 1],
  [['m', 'min'], 60],
  [['h', 'hr', 'hour'], 3600],
  [['d', 'day'], 86400],
  [['w', 'wk', 'week'], 604800],
];

/**
 * parseDuration returns s in seconds, read as Go's time.ParseDuration reads it (`1h30m`) or, failing
 * that, as strfmt.ParseDuration (`3 days`, `10 min`), or undefined when neither reads it.
 */
export function parseDuration(s: string): number | undefined {
  const go = goDuration(s);
  if (go !== undefined) return go;
  let total = 0;
  let ok = false;
  for (const m of s.matchAll(/(\d+)\s*([A-Za-zµ]+)/g)) {
    const unit = (m[2] ?? '').toLowerCase();
    for (const [variants, seconds] of units) {
      const last = variants.length - 1;
      if (variants.some((v, i) => (i === last && unit.startsWith(v)) || v === unit)) {
        ok = true;
        total += Number(m[1]) * seconds;
        break;
      }
    }
  }
  return ok ? total : undefined;
}

const goUnits: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** goDuration returns s in seconds as Go's time.ParseDuration reads it, or undefined. */
export function goDuration(s: string): number | undefined {
  const m = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|0)$/.exec(s);
  if (!m) return undefined;
  let total = 0;
  for (const part of (m[2] ?? '').matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (goUnits[part[2] ?? ''] ?? 0);
  }
  return m[1] === '-' ? -total : total;
}

/** hasControl reports whether s holds an ASCII control character, which Go's URL parser refuses. */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** isRequestURI reports whether s parses as Go's url.ParseRequestURI: an absolute URI or an absolute path. */
function isRequestURI(s: string): boolean {
  if (s === '' || hasControl(s)) return false;
  if (s === '*') return true;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(s);
  if (!scheme) return s.startsWith('/');
  const rest = s.slice(scheme[0].length).split('?')[0] ?? '';
  if (!rest.startsWith('//')) return true;
  const authority = rest.slice(2).split('/')[0] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (/\s/.test(host)) return false;
  const port = /:([^:\]]*)$/.exec(host);
  return port === null || /^\d*$/.test(port[1] ?? '');
}

const atom = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~\\u0080-\\uffff]+";
const dotAtom = `${atom}(?:\\.${atom})*`;
const quoted = '"(?:[^"\\\\]|\\\\.)*"';
const addrSpec = new RegExp(`^(?:${dotAtom}|${quoted})@(?:${dotAtom}|\\[[^\\[\\]\\\\]*\\])$`, 'u');

/** isEmail reports whether s is one address as Go's net/mail.ParseAddress reads it (`a@b`, `Name <a@b>`). */
function isEmail(s: string): boolean {
  const t = s.trim();
  const angle = /^(?:[^<]*)<([^<>]+)>$/.exec(t);
  return addrSpec.test(angle ? (angle[1] ?? '') : t);
}

/** isMAC reports whether s is an IEEE 802 MAC-48, EUI-48, EUI-64 or 20-octet address (Go's net.ParseMAC). */
function isMAC(s: string): boolean {
  const octets = (n: number) => n === 6 || n === 8 || n === 20;
  for (const sep of [':', '-']) {
    const parts = s.split(sep);
    if (parts.length > 1 && octets(parts.length) && parts.every((p) => /^[0-9a-fA-F]{2}$/.test(p)))
      return true;
  }
  const dotted = s.split('.');
  return octets(dotted.length * 2) && dotted.every((p) => /^[0-9a-fA-F]{4}$/.test(p));
}

/** isISBN reports whether s (spaces and dashes aside) is an ISBN-10 or ISBN-13 with a right check digit. */
function isISBN(s: string, version: 10 | 13): boolean {
  const d = s.replace(/[\s-]/g, '');
  if (version === 10) {
    if (!/^(?:[0-9]{9}X|[0-9]{10})$/.test(d)) return false;
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += (i + 1) * (d[i] === 'X' ? 10 : Number(d[i]));
    return sum % 11 === 0;
  }
  if (!/^[0-9]{13}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(d[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(d[12]);
}

/** isCreditCard reports whether s (spaces and dashes aside) is a card number of a known issuer passing Luhn's check. */
function isCreditCard(s: string): boolean {
  const d = s.replace(/[\s-]/g, '');
  if (!creditCard.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let digit = Number(d[d.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
