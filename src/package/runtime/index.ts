/**
 * The runtime base of a kxp function image, built without Docker: the layers under the function's
 * own layer, for each architecture. The system layer (libraries from Debian's packages, /etc, /tmp,
 * the runtime user's home) comes first and the node layer second, so a Node upgrade changes one layer.
 */
import type { TarEntry } from '../../oci/tar.js';
import type { Arch } from './arch.js';
import type { LayerOptions } from './download.js';
import { entryMap } from './entries.js';
import { unresolvedDependencies } from './linkage.js';
import { nodeLayer, nodePath } from './node.js';
import { nodeVersion } from './pins.js';
import { runtimeHome } from './rootfs.js';
import { systemLayer } from './system.js';

export { type Arch, arches } from './arch.js';
export { defaultCacheDir, type LayerOptions } from './download.js';
export { nodeLicensePath, nodePath } from './node.js';
export { nodeVersion } from './pins.js';
export { runtimeHome, runtimeUser } from './rootfs.js';

/** The runtime base of one architecture: its layers' entries, bottom first. */
export interface RuntimeBase {
  arch: Arch;
  /** The Node version in the node layer, e.g. "24.22.3". */
  nodeVersion: string;
  /** [{ name: 'system', … }, { name: 'node', … }]; each layer lists its own parent folders. */
  layers: { name: string; entries: TarEntry[] }[];
}

/** The environment an image config should give the function's process. */
export const runtimeEnv = ['PATH=/usr/local/bin:/usr/bin:/bin', `HOME=${runtimeHome}`];

/**
 * runtimeBase returns the layers of the runtime base for an architecture, from the pinned Node
 * package and Debian packages (downloaded once into opts.cacheDir, by default
 * ${XDG_CACHE_HOME:-~/.cache}/kxp/package). It throws if the loader would not find everything the
 * node binary needs in them.
 */
export async function runtimeBase(arch: Arch, opts: LayerOptions = {}): Promise<RuntimeBase> {
  const [system, node] = await Promise.all([systemLayer(arch, opts), nodeLayer(arch, opts)]);
  const missing = unresolvedDependencies(arch, nodePath.slice(1), entryMap(system, node));
  if (missing.length > 0) {
    throw new Error(
      `cannot assemble the ${arch} runtime base: the loader would not find ${missing.join(', ')}`,
    );
  }
  return {
    arch,
    nodeVersion,
    layers: [
      { name: 'system', entries: system },
      { name: 'node', entries: node },
    ],
  };
}
