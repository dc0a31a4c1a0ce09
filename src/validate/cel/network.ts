/**
 * Kubernetes CEL's IP and CIDR libraries: `ip(s)`, `isIP(s)`, `ip.isCanonical(s)`, on an address
 * `family()`, `isUnspecified()`, `isLoopback()`, `isLinkLocalMulticast()`, `isLinkLocalUnicast()`,
 * `isGlobalUnicast()`; `cidr(s)`, `isCIDR(s)`, on a prefix `containsIP(ip|s)`, `containsCIDR(cidr|s)`,
 * `ip()`, `masked()`, `prefixLength()`. Like Kubernetes, they refuse IPv4-mapped IPv6 addresses and zones.
 */
import { type CelFunc, CelScalar, type CelValue, celFunc, celMethod, mapType } from '@bufbuild/cel';
import { type CIDR, formatIP, type IP, parseCIDR, parseIP } from '../check/ip.js';
import { fieldOf, tagged } from './tagged.js';

const S = CelScalar;
const T = mapType(S.STRING, S.DYN);

function strictIP(s: string): IP {
  const ip = parseIP(s, false);
  if (!ip) throw new Error(`IP Address "${s}" parse error during conversion from string`);
  if (ip.family === 6 && s.includes('.')) throw new Error('IPv4-mapped IPv6 address is not allowed');
  return ip;
}

function strictCIDR(s: string): CIDR {
  const c = parseCIDR(s, false);
  if (!c) throw new Error(`network address "${s}" parse error during conversion from string`);
  if (c.ip.family === 6 && s.includes('.')) throw new Error('IPv4-mapped IPv6 address is not allowed');
  return c;
}

function ipValue(ip: IP): CelValue {
  return tagged('ip', { text: formatIP(ip) }) as never;
}

function cidrValue(c: CIDR): CelValue {
  return tagged('cidr', { text: `${formatIP(c.ip)}/${c.prefix}` }) as never;
}

function ipOf(v: CelValue): IP {
  return typeof v === 'string' ? strictIP(v) : strictIP(String(fieldOf(v, 'ip', 'text')));
}

function cidrOf(v: CelValue): CIDR {
  return typeof v === 'string' ? strictCIDR(v) : strictCIDR(String(fieldOf(v, 'cidr', 'text')));
}

function masked(c: CIDR): CIDR {
  const bytes = c.ip.bytes.map((b, i) => {
    const bits = Math.min(8, Math.max(0, c.prefix - i * 8));
    return b & (0xff << (8 - bits)) & 0xff;
  });
  return { ip: { family: c.ip.family, bytes }, prefix: c.prefix };
}

function contains(c: CIDR, ip: IP): boolean {
  if (ip.family !== c.ip.family) return false;
  const net = masked(c);
  return masked({ ip, prefix: c.prefix }).ip.bytes.every((b, i) => b === net.ip.bytes[i]);
}

const b = (ip: IP, i: number) => ip.bytes[i] ?? 0;
const checks: Record<string, (ip: IP) => boolean> = {
  isUnspecified: (ip) => ip.bytes.every((x) => x === 0),
  isLoopback: (ip) =>
    ip.family === 4 ? b(ip, 0) === 127 : ip.bytes.every((x, i) => x === (i === 15 ? 1 : 0)),
  isLinkLocalMulticast: (ip) =>
    ip.family === 4
      ? b(ip, 0) === 224 && b(ip, 1) === 0 && b(ip, 2) === 0
      : b(ip, 0) === 0xff && (b(ip, 1) & 0x0f) === 2,
  isLinkLocalUnicast: (ip) =>
    ip.family === 4 ? b(ip, 0) === 169 && b(ip, 1) === 254 : b(ip, 0) === 0xfe && (b(ip, 1) & 0xc0) === 0x80,
  isGlobalUnicast: (ip) =>
    !(ip.family === 4 && ip.bytes.every((x) => x === 255)) &&
    !checks.isUnspecified?.(ip) &&
    !checks.isLoopback?.(ip) &&
    !(ip.family === 4 ? b(ip, 0) >= 224 && b(ip, 0) < 240 : b(ip, 0) === 0xff) &&
    !checks.isLinkLocalUnicast?.(ip),
};

/** networkFuncs are the IP and CIDR libraries' functions. */
export const networkFuncs: CelFunc[] = [
  celFunc('ip', [S.STRING], T, (s) => ipValue(strictIP(s)) as never),
  celFunc(
    'isIP',
    [S.STRING],
    S.BOOL,
    (s) => parseIP(s, false) !== undefined && !(s.includes(':') && s.includes('.')),
  ),
  celFunc('ip.isCanonical', [S.STRING], S.BOOL, (s) => formatIP(strictIP(s)) === s),
  celMethod('family', T, [], S.INT, function () {
    return BigInt(ipOf(this).family);
  }),
  ...Object.entries(checks).map(([name, check]) =>
    celMethod(name, T, [], S.BOOL, function () {
      return check(ipOf(this));
    }),
  ),
  celFunc('cidr', [S.STRING], T, (s) => cidrValue(strictCIDR(s)) as never),
  celFunc(
    'isCIDR',
    [S.STRING],
    S.BOOL,
    (s) => parseCIDR(s, false) !== undefined && !(s.includes(':') && s.includes('.')),
  ),
  ...[T, S.STRING].map((arg) =>
    celMethod('containsIP', T, [arg], S.BOOL, function (ip: CelValue) {
      return contains(cidrOf(this), ipOf(ip));
    }),
  ),
  ...[T, S.STRING].map((arg) =>
    celMethod('containsCIDR', T, [arg], S.BOOL, function (other: CelValue) {
      const [outer, inner] = [cidrOf(this), cidrOf(other)];
      return inner.prefix >= outer.prefix && contains(outer, inner.ip);
    }),
  ),
  celMethod('ip', T, [], T, function () {
    return ipValue(cidrOf(this).ip) as never;
  }),
  celMethod('masked', T, [], T, function () {
    return cidrValue(masked(cidrOf(this))) as never;
  }),
  celMethod('prefixLength', T, [], S.INT, function () {
    return BigInt(cidrOf(this).prefix);
  }),
];
