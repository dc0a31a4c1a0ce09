// kxp's image tarballs and the real crossplane CLI: `crossplane xpkg extract` reads the package kxp
// writes, `crossplane xpkg build` embeds a runtime image kxp writes, and kxp reads what it builds.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import { appendLayers, emptyImage, type Image, withConfig, withLabels } from '../../src/oci/image.js';
import { gzipLayer, type Layer, layerEntries } from '../../src/oci/layer.js';
import { type TarEntry, tarOf } from '../../src/oci/tar.js';
import { readImageTarball, writeImageTarball } from '../../src/oci/tarball.js';
import { peerBinary } from '../../src/stack/peers.js';

const run = promisify(execFile);
const linux = { os: 'linux', architecture: 'amd64' };

/** The config label by which Crossplane records a layer's role (`base` for the package.yaml layer). */
const xpkgLabel = (layer: Layer) => `io.crossplane.xpkg:${layer.digest}`;

const functionMeta = `apiVersion: meta.pkg.crossplane.io/v1
kind: Function
metadata:
  name: function-kxp-oci
  annotations:
    meta.crossplane.io/maintainer: kxp <kxp@example.com>
    meta.crossplane.io/source: https://example.com/kxp
spec:
  capabilities:
  - composition
`;

async function crossplane(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(peerBinary('crossplane-cli', 'crossplane'), args);
    return stdout + stderr;
  } catch (cause) {
    const { stdout, stderr } = cause as { stdout?: string; stderr?: string };
    throw new Error(`crossplane ${args.join(' ')} failed: ${stderr || stdout || (cause as Error).message}`, {
      cause,
    });
  }
}

async function entriesOf(layer: Layer): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  for await (const entry of layerEntries(layer)) entries.push(entry);
  return entries;
}

/** baseLayer returns the one layer an image's config labels `base` (the package.yaml layer). */
function baseLayer(image: Image): Layer {
  const labelled = image.layers.filter((l) => image.config.config.Labels?.[xpkgLabel(l)] === 'base');
  expect(labelled).toHaveLength(1);
  return labelled[0]!;
}

describe('image tarballs with the crossplane CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kxp-oci-e2e-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('crossplane xpkg extract reads the package.yaml of a package kxp writes', async () => {
    const packageYaml = `---\n${functionMeta}---\n`;
    const layer = await gzipLayer(
      tarOf([{ path: 'package.yaml', type: 'file', mode: 0o644, content: Buffer.from(packageYaml) }]),
    );
    const image = withLabels(appendLayers(emptyImage(linux), layer), { [xpkgLabel(layer)]: 'base' });
    const file = join(dir, 'kxp.xpkg');
    await writeImageTarball(file, image);

    const out = join(dir, 'extracted.gz');
    await crossplane('xpkg', 'extract', '--from-xpkg', file, '-o', out);
    expect(gunzipSync(readFileSync(out)).toString()).toBe(packageYaml);
  });

  it('kxp reads the package crossplane xpkg build writes', async () => {
    const root = join(dir, 'package');
    mkdirSync(root);
    writeFileSync(join(root, 'crossplane.yaml'), functionMeta);
    const file = join(dir, 'built.xpkg');
    await crossplane(
      'xpkg',
      'build',
      '--package-root',
      root,
      '--examples-root',
      join(root, 'none'),
      '-o',
      file,
    );

    const image = await readImageTarball(file);
    const base = baseLayer(image);
    const entries = await entriesOf(base);
    expect(entries.map((e) => [e.path, e.type, e.mode])).toEqual([['package.yaml', 'file', 0o644]]);
    const docs = parseAllDocuments(entries[0]?.content?.toString() ?? '').map((d) => d.toJS());
    expect(docs.filter(Boolean)).toMatchObject([
      { apiVersion: 'meta.pkg.crossplane.io/v1', kind: 'Function', metadata: { name: 'function-kxp-oci' } },
    ]);
  });

  it('crossplane xpkg build embeds a runtime image kxp writes, and kxp reads the result', async () => {
    const app = await gzipLayer(
      tarOf([
        { path: 'app', type: 'directory', mode: 0o755 },
        { path: 'app/main.js', type: 'file', mode: 0o644, content: Buffer.from('console.log("fn")\n') },
        { path: 'app/index.js', type: 'symlink', mode: 0o777, linkname: 'main.js' },
      ]),
    );
    const runtime = withConfig(appendLayers(emptyImage(linux), app), {
      Entrypoint: ['/node', '/app/main.js'],
      User: '65532',
      ExposedPorts: { '9443/tcp': {} },
    });
    const runtimeFile = join(dir, 'runtime.tar');
    await writeImageTarball(runtimeFile, runtime, 'kxp.localhost/runtime:amd64');

    const root = join(dir, 'with-runtime');
    mkdirSync(root);
    writeFileSync(join(root, 'crossplane.yaml'), functionMeta);
    const file = join(dir, 'with-runtime.xpkg');
    await crossplane(
      'xpkg',
      'build',
      '--package-root',
      root,
      '--examples-root',
      join(root, 'none'),
      '--embed-runtime-image-tarball',
      runtimeFile,
      '-o',
      file,
    );

    const image = await readImageTarball(file);
    expect(image.layers[0]).toEqual(app);
    expect(image.config.config).toMatchObject({ Entrypoint: ['/node', '/app/main.js'], User: '65532' });
    expect(image.config.rootfs.diff_ids).toHaveLength(2);
    expect(baseLayer(image)).toBe(image.layers[1]);
    expect((await entriesOf(image.layers[1]!)).map((e) => e.path)).toEqual(['package.yaml']);
  });
});
