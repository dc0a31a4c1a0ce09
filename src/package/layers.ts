/**
 * The layers kxp adds to an image: compressed once and cached by content (the runtime base's node
 * layer takes seconds to compress and is the same for every function), the function's own layer, and
 * the package's two layers Crossplane reads.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestHex, sha256Digest } from '../oci/digest.js';
import { gzipLayer, type Layer } from '../oci/layer.js';
import { type TarEntry, tarOf } from '../oci/tar.js';
import type { FunctionBundle } from './bundle.js';
import { examplesFile, packageFile } from './package-yaml.js';

/** The folder of the function's code in its image. */
export const functionDir = 'function';

/** The compression level of every layer kxp writes: the smallest image, paid for once per content. */
const level = 9;

/**
 * cachedLayer returns the gzip layer of entries, compressed once per content and kept in cacheDir
 * (a layer's digest depends only on its tar, the level and zlib, so a cached blob is the same blob).
 */
export async function cachedLayer(entries: TarEntry[], cacheDir: string | undefined): Promise<Layer> {
  const tar = tarOf(entries);
  if (!cacheDir) return gzipLayer(tar, { level });
  const diffId = sha256Digest(tar);
  const file = join(cacheDir, 'layers', `${digestHex(diffId)}.${level}.${process.versions.zlib}.gz`);
  if (existsSync(file)) {
    const blob = readFileSync(file);
    return {
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: sha256Digest(blob),
      size: blob.length,
      diffId,
      blob,
    };
  }
  const layer = await gzipLayer(tar, { level });
  mkdirSync(join(cacheDir, 'layers'), { recursive: true });
  writeFileSync(`${file}.tmp`, layer.blob);
  renameSync(`${file}.tmp`, file);
  return layer;
}

/** functionEntries returns the function layer's entries: /function with main.mjs and the bundled packages' licences. */
export function functionEntries(bundle: FunctionBundle): TarEntry[] {
  return [
    { path: functionDir, type: 'directory', mode: 0o755 },
    { path: `${functionDir}/main.mjs`, type: 'file', mode: 0o644, content: bundle.code },
    { path: `${functionDir}/THIRD_PARTY_LICENSES`, type: 'file', mode: 0o644, content: bundle.licenses },
  ];
}

/** packageLayer returns the layer holding package.yaml, as Crossplane's package builder writes it. */
export function packageLayer(yaml: string): Promise<Layer> {
  return gzipLayer(tarOf([{ path: packageFile, type: 'file', mode: 0o644, content: Buffer.from(yaml) }]), {
    level,
  });
}

/** examplesLayer returns the layer holding the examples stream. */
export function examplesLayer(stream: string): Promise<Layer> {
  return gzipLayer(tarOf([{ path: examplesFile, type: 'file', mode: 0o644, content: Buffer.from(stream) }]), {
    level,
  });
}
