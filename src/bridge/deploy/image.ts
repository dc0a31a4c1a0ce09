/**
 * The bridge's image: kxp's bridge bundled into one module on the same runtime base as function
 * images (Node, Debian's libraries, user 65532), built without Docker. It runs with a read-only
 * root filesystem: the bridge writes nothing to disk.
 */
import { dirname, join } from 'node:path';
import type { Image } from '../../oci/image.js';
import { writeImageTarball } from '../../oci/tarball.js';
import { bundleProgram, kxpModule } from '../../package/bundle.js';
import { nodeImage, openContainerLabels } from '../../package/image.js';
import { type Arch, nodePath, nodeVersion } from '../../package/runtime/index.js';

/** The folder of the bridge's code in its image, and the port its /healthz, /readyz and /metrics use. */
export const bridgeDir = 'kxp';
export const bridgeMetricsPort = 8080;

export interface BridgeImageOptions {
  /** version labels the image (org.opencontainers.image.version). */
  version: string;
  cacheDir?: string;
  log?: (message: string) => void;
}

/** bridgeImage returns the image that runs `kxp bridge` on arch; its arguments are the bridge's flags. */
export async function bridgeImage(arch: Arch, opts: BridgeImageOptions): Promise<Image> {
  const cli = kxpModule('cli/bridge');
  // The bridge's command, run with the container's arguments; -1 means it serves until a signal.
  const main = [
    `import { bridgeCommand } from ${JSON.stringify(cli)};`,
    'const code = await bridgeCommand(process.argv.slice(2));',
    'if (code >= 0) process.exit(code);',
  ].join('\n');
  const bundle = await bundleProgram(main, dirname(cli), Number(nodeVersion.split('.')[0]));
  return nodeImage(
    arch,
    {
      name: 'bridge',
      entries: [
        { path: bridgeDir, type: 'directory', mode: 0o755 },
        { path: `${bridgeDir}/bridge.mjs`, type: 'file', mode: 0o644, content: bundle.code },
        { path: `${bridgeDir}/THIRD_PARTY_LICENSES`, type: 'file', mode: 0o644, content: bundle.licenses },
      ],
      entrypoint: [nodePath, `/${bridgeDir}/bridge.mjs`],
      env: ['NODE_ENV=production'],
      workingDir: `/${bridgeDir}`,
      ports: [bridgeMetricsPort],
      labels: openContainerLabels({
        title: 'kxp-bridge',
        version: opts.version,
        description: 'The kxp bridge: kcp APIExports bound to Crossplane XRDs, claims synced both ways',
        licenses: 'Apache-2.0',
      }),
    },
    opts,
  );
}

/** writeBridgeImages writes the bridge's image for each architecture into outDir and returns the files. */
export async function writeBridgeImages(
  outDir: string,
  arches: Arch[],
  opts: BridgeImageOptions,
): Promise<string[]> {
  const files: string[] = [];
  for (const arch of arches) {
    opts.log?.(`building the ${arch} image`);
    const file = join(outDir, `kxp-bridge-${arch}.tar`);
    await writeImageTarball(file, await bridgeImage(arch, opts));
    files.push(file);
  }
  return files;
}
