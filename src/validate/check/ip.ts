/**
 * IP addresses and CIDR prefixes as Go's net package reads them (net.ParseIP, net.ParseCIDR), and as
 * Kubernetes' "sloppy" variants read them (leading zeros in IPv4 octets allowed), for the ipv4, ipv6 and
 * cidr formats and CEL's ip() and cidr().
 */

/** IP is an address: its family and its bytes (4 or 16). */
export interface IP {
  family: 4 | 6;
  bytes: number[];
}

/** parseIPv4 returns the 4 bytes of a dotted quad, or undefined; sloppy allows leading zeros (`010.0.0.1`). */
export function parseIPv4(s: string, sloppy: boolean): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (!sloppy && p.length > 1 && p.startsWith('0'))) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return bytes;
}

/** parseIPv6 returns the 16 bytes of an IPv6 address (`::1`, `::ffff:1.2.3.4`), or undefined. */
export function parseIPv6(s: string, sloppy = false): number[] | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const compressed = halves.length === 2;
  const head = groups(halves[0] ?? '', !compressed, sloppy);
  const tail = compressed ? groups(halves[1] ?? '', true, sloppy) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (compressed ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(compressed ? missing : 0).fill(0), ...tail];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/** groups returns the 16-bit groups of colon-separated hex, an IPv4 address allowed last when last is set. */
function groups(part: string, last: boolean, sloppy: boolean): number[] | undefined {
  if (part === '') return [];
  const fields = part.split(':');
  const out: number[] = [];
  for (const [i, f] of fields.entries()) {
    if (last && i === fields.length - 1 && f.includes('.')) {
      const v4 = parseIPv4(f, sloppy);
      if (!v4) return undefined;
      out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(f)) {
      out.push(Number.parseInt(f, 16));
    } else {
      return undefined;
    }
  }
  return out;
}

/** parseIP returns s as an address, or undefined; IPv4-mapped IPv6 addresses stay IPv6. */
export function parseIP(s: string, sloppy: boolean): IP | undefined {
  const v4 = parseIPv4(s, sloppy);
  if (v4) return { family: 4, bytes: v4 };
  if (!s.includes(':')) return undefined;
  const v6 = parseIPv6(s, sloppy);
  return v6 ? { family: 6, bytes: v6 } : undefined;
}

/** isIP reports whether s is an IPv4 or IPv6 address. */
export function isIP(s: string, sloppy: boolean): boolean {
  return parseIP(s, sloppy) !== undefined;
}

/** CIDR is an address and a prefix length. */
export interface CIDR {
  ip: IP;
  prefix: number;
}

/** parseCIDR returns s (`10.0.0.0/8`) as an address and prefix length, or undefined. */
export function parseCIDR(s: string, sloppy: boolean): CIDR | undefined {
  const slash = s.lastIndexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(s.slice(0, slash), sloppy);
  const bits = s.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(bits) || (bits.length > 1 && bits.startsWith('0'))) return undefined;
  const prefix = Number(bits);
  return prefix <= ip.bytes.length * 8 ? { ip, prefix } : undefined;
}

/** formatIP returns an address written canonically: dotted quad, or RFC 5952 IPv6 (`2001:db8::1`). */
export function formatIP(ip: IP): string {
  if (ip.family === 4) return ip.bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}
