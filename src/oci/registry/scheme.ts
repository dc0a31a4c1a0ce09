import { isIP } from 'node:net';
import { dockerHub } from './reference.js';

// Which scheme a registry is spoken to with, following the defaults of Crossplane's own tooling
// (go-containerregistry's name.Registry.Scheme and transport.Ping): HTTPS everywhere, and plain
// HTTP as a fallback only for hosts that cannot be reached from outside one machine or network.

/**
 * registryHost returns the host:port that serves a registry's API: Docker Hub's `docker.io`
 * (and `index.docker.io`) is served by `registry-1.docker.io`; every other name serves itself.
 */
export function registryHost(registry: string): string {
  return registry === dockerHub || registry === 'index.docker.io' ? 'registry-1.docker.io' : registry;
}

/** hostnameOf returns the host part of `host[:port]` (brackets of an IPv6 literal removed). */
export function hostnameOf(registry: string): string {
  if (registry.startsWith('[')) return registry.slice(1, registry.indexOf(']'));
  const colon = registry.lastIndexOf(':');
  return colon >= 0 ? registry.slice(0, colon) : registry;
}

/**
 * allowsPlainHttp reports whether a registry may be spoken to over plain HTTP when HTTPS is
 * refused: loopback (`localhost`, 127.0.0.0/8, ::1), RFC 1918 addresses (10/8, 172.16/12,
 * 192.168/16) and `*.localhost` names. Every other registry is HTTPS only.
 */
export function allowsPlainHttp(registry: string): boolean {
  const host = hostnameOf(registry).toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  if (isIP(host) !== 4) return false;
  const [a = 0, b = 0] = host.split('.').map(Number);
  return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/**
 * refusedTls reports whether an error from an HTTPS attempt means the server does not speak TLS
 * at all (the connection was refused or reset, or the answer was not a TLS handshake), which is
 * when a plain-HTTP-capable registry is tried over HTTP. A certificate the client does not trust
 * is not such an error: it is reported, never downgraded.
 */
export function refusedTls(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER'].includes(code)) return true;
  const message = String((err as Error | undefined)?.message ?? '');
  return /wrong version number|packet length too long|socket hang up|unknown protocol/i.test(message);
}
