/**
 * The image of a Node program kxp ships — a function, or the bridge — built without Docker: the
 * runtime base (Debian's libraries and Node, one layer each, compressed once and cached), then the
 * program's own layer, with a config that runs it as the runtime's unprivileged user.
 */
import { type Addendum, append, emptyImage, type Image, withConfig } from '../oci/image.js';
import type { TarEntry } from '../oci/tar.js';
import { cachedLayer } from './layers.js';
import { type Arch, runtimeBase, runtimeEnv, runtimeUser } from './runtime/index.js';

/** A Node program, as its image runs it. */
export interface NodeProgram {
  /** name of its layer in the image's history (`kxp: <name>`). */
  name: string;
  /** entries of its layer, folders included. */
  entries: TarEntry[];
  /** entrypoint runs it (the runtime's node, then its main module). */
  entrypoint: string[];
  /** env is added after the runtime's own (PATH, HOME). */
  env?: string[];
  workingDir: string;
  /** ports it listens on (the image config's ExposedPorts). */
  ports?: number[];
  labels?: Record<string, string>;
}

export interface NodeImageOptions {
  /** cacheDir keeps downloads and compressed base layers. @default ${XDG_CACHE_HOME:-~/.cache}/kxp/package */
  cacheDir?: string;
  log?: (message: string) => void;
}

/** nodeImage returns the image that runs program on arch: the runtime base, then the program's layer. */
export async function nodeImage(
  arch: Arch,
  program: NodeProgram,
  opts: NodeImageOptions = {},
): Promise<Image> {
  const base = await runtimeBase(arch, { cacheDir: opts.cacheDir, log: opts.log });
  const layers: Addendum[] = [];
  for (const l of base.layers) {
    layers.push({
      layer: await cachedLayer(l.entries, opts.cacheDir),
      history: { created_by: `kxp: ${l.name}` },
    });
  }
  layers.push({
    layer: await cachedLayer(program.entries, undefined),
    history: { created_by: `kxp: ${program.name}` },
  });
  const image = append(emptyImage({ os: 'linux', architecture: arch }), ...layers);
  return withConfig(image, {
    User: `${runtimeUser}:${runtimeUser}`,
    Env: [...runtimeEnv, ...(program.env ?? [])],
    Entrypoint: program.entrypoint,
    WorkingDir: program.workingDir,
    ...(program.ports?.length
      ? { ExposedPorts: Object.fromEntries(program.ports.map((p) => [`${p}/tcp`, {}])) }
      : {}),
    ...(program.labels ? { Labels: program.labels } : {}),
  });
}

/** openContainerLabels returns the org.opencontainers.image labels that are set. */
export function openContainerLabels(values: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (v) out[`org.opencontainers.image.${k}`] = v;
  return out;
}
