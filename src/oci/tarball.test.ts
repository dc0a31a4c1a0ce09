import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestHex, sha256Digest } from './digest.js';
import { appendLayers, configBlob, emptyImage, type Image, withConfig, withLabels } from './image.js';
import { gzipLayer, type Layer, uncompressedLayer } from './layer.js';
import { type TarEntry, tarEntriesOf, tarOf } from './tar.js';
import { readImageTarball, writeImageTarball } from './tarball.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kxp-oci-tarball-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const linux = { os: 'linux', architecture: 'amd64' };

function tarOfFile(path: string, content: string): Buffer {
  return tarOf([{ path, type: 'file', mode: 0o644, content: Buffer.from(content) }]);
}

async function packageImage(): Promise<Image> {
  const pkg = await gzipLayer(tarOfFile('package.yaml', 'kind: Function\n'));
  const app = await gzipLayer(tarOfFile('app/main.js', 'console.log(1)\n'));
  return withConfig(
    withLabels(appendLayers(emptyImage(linux), app, pkg), { [`io.crossplane.xpkg:${pkg.digest}`]: 'base' }),
    {
      Entrypoint: ['/node', '/app/main.js'],
      User: '65532',
    },
  );
}

async function entriesOfFile(file: string): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  for await (const entry of tarEntriesOf(readFileSync(file))) entries.push(entry);
  return entries;
}

/** Drops the annotations go-containerregistry's format cannot carry, to compare what it can. */
function stored(layer: Layer): Layer {
  const { annotations: _, ...rest } = layer;
  return rest;
}

describe('writeImageTarball', () => {
  it('writes the config, the layers and manifest.json as go-containerregistry does', async () => {
    const image = await packageImage();
    const file = join(dir, 'layout.xpkg');
    await writeImageTarball(file, image);
    const [app, pkg] = image.layers as [Layer, Layer];
    const config = configBlob(image);
    const entries = await entriesOfFile(file);
    expect(entries.map((e) => [e.path, e.type, e.mode])).toEqual([
      [config.digest, 'file', 0o644],
      [`${digestHex(app.digest)}.tar.gz`, 'file', 0o644],
      [`${digestHex(pkg.digest)}.tar.gz`, 'file', 0o644],
      ['manifest.json', 'file', 0o644],
    ]);
    expect(entries[0]?.content).toEqual(config.bytes);
    expect(entries[2]?.content).toEqual(pkg.blob);
    expect(entries[3]?.content?.toString()).toBe(
      JSON.stringify([
        {
          Config: config.digest,
          RepoTags: null,
          Layers: [`${digestHex(app.digest)}.tar.gz`, `${digestHex(pkg.digest)}.tar.gz`],
        },
      ]),
    );
  });

  it('writes the same bytes for the same image', async () => {
    const [a, b] = [join(dir, 'same-a.xpkg'), join(dir, 'same-b.xpkg')];
    await writeImageTarball(a, await packageImage(), 'example.com/fn:v1');
    await writeImageTarball(b, await packageImage(), 'example.com/fn:v1');
    expect(sha256Digest(readFileSync(a))).toBe(sha256Digest(readFileSync(b)));
  });

  it.each([
    { tag: 'example.com/fn:v1', expected: 'example.com/fn:v1' },
    { tag: 'example.com/fn', expected: 'example.com/fn:latest' },
    { tag: 'localhost:5000/team/fn', expected: 'localhost:5000/team/fn:latest' },
  ])('tags $tag as $expected', async ({ tag, expected }) => {
    const file = join(dir, 'tagged.xpkg');
    await writeImageTarball(file, await packageImage(), tag);
    const manifest = (await entriesOfFile(file)).find((e) => e.path === 'manifest.json');
    expect(JSON.parse(manifest?.content?.toString() ?? '')[0].RepoTags).toEqual([expected]);
    expect((await readImageTarball(file, tag)).layers).toHaveLength(2);
  });

  it('writes a layer that occurs twice once', async () => {
    const layer = await gzipLayer(tarOfFile('a', 'a'));
    const file = join(dir, 'twice.tar');
    await writeImageTarball(file, appendLayers(emptyImage(linux), layer, layer));
    const paths = (await entriesOfFile(file)).map((e) => e.path);
    expect(paths.filter((p) => p.endsWith('.tar.gz'))).toEqual([`${digestHex(layer.digest)}.tar.gz`]);
    expect((await readImageTarball(file)).layers.map(stored)).toEqual([layer, layer]);
  });

  it('names uncompressed layers .tar', async () => {
    const layer = uncompressedLayer(tarOfFile('a', 'a'));
    const file = join(dir, 'plain.tar');
    await writeImageTarball(file, appendLayers(emptyImage(linux), layer));
    expect((await entriesOfFile(file)).map((e) => e.path)).toContain(`${digestHex(layer.digest)}.tar`);
    expect((await readImageTarball(file)).layers).toEqual([layer]);
  });

  it('rejects gzip and uncompressed layers in one image', async () => {
    const image = appendLayers(
      emptyImage(linux),
      await gzipLayer(tarOfFile('a', 'a')),
      uncompressedLayer(tarOfFile('b', 'b')),
    );
    const file = join(dir, 'mixed.tar');
    await expect(writeImageTarball(file, image)).rejects.toThrow(
      `cannot write image tarball ${file}: its layers mix gzip and uncompressed blobs`,
    );
  });

  it('rejects a digest reference as a tag', async () => {
    await expect(
      writeImageTarball(join(dir, 'x.tar'), await packageImage(), `example.com/fn@${sha256Digest('')}`),
    ).rejects.toThrow(/is not a tag/);
  });
});

describe('readImageTarball', () => {
  it('round-trips what writeImageTarball writes', async () => {
    const image = await packageImage();
    const file = join(dir, 'round.xpkg');
    await writeImageTarball(file, image);
    const read = await readImageTarball(file);
    expect(read.config).toEqual(image.config);
    expect(read.layers).toEqual(image.layers.map(stored));
    expect(configBlob(read).digest).toBe(configBlob(image).digest);
  });

  it("reads Docker's classic layout: <id>/layer.tar, a <hex>.json config, symlinked layers", async () => {
    const layer = tarOfFile('etc/hosts', '127.0.0.1 localhost\n');
    const image = appendLayers(emptyImage(linux), uncompressedLayer(layer), uncompressedLayer(layer));
    const config = configBlob(image);
    const file = join(dir, 'docker.tar');
    writeFileSync(
      file,
      tarOf([
        { path: 'aaa', type: 'directory', mode: 0o755 },
        { path: 'aaa/layer.tar', type: 'file', mode: 0o644, content: layer },
        { path: 'bbb', type: 'directory', mode: 0o755 },
        { path: 'bbb/layer.tar', type: 'symlink', mode: 0o777, linkname: '../aaa/layer.tar' },
        { path: `${digestHex(config.digest)}.json`, type: 'file', mode: 0o644, content: config.bytes },
        {
          path: 'manifest.json',
          type: 'file',
          mode: 0o644,
          content: Buffer.from(
            JSON.stringify([
              {
                Config: `${digestHex(config.digest)}.json`,
                RepoTags: ['fn:latest'],
                Layers: ['aaa/layer.tar', 'bbb/layer.tar'],
              },
            ]),
          ),
        },
      ]),
    );
    const read = await readImageTarball(file);
    expect(read.layers).toEqual(image.layers);
    expect(read.config).toEqual(image.config);
  });

  describe('fails clearly, naming the file', () => {
    /** A tarball whose files the case changes before writing. */
    async function broken(
      name: string,
      change: (files: Map<string, Buffer>, image: Image) => void,
    ): Promise<string> {
      const image = await packageImage();
      const good = join(dir, `${name}.good`);
      await writeImageTarball(good, image);
      const files = new Map((await entriesOfFile(good)).map((e) => [e.path, e.content ?? Buffer.alloc(0)]));
      change(files, image);
      const file = join(dir, name);
      writeFileSync(
        file,
        tarOf([...files].map(([path, content]) => ({ path, type: 'file', mode: 0o644, content }))),
      );
      return file;
    }
    const layerName = (image: Image, i: number) => `${digestHex(image.layers[i]!.digest)}.tar.gz`;
    const configName = (image: Image) => configBlob(image).digest;

    it.each([
      {
        name: 'a layer whose bytes changed',
        change: (files: Map<string, Buffer>, image: Image) =>
          files.set(layerName(image, 0), Buffer.from(tarOfFile('x', 'x'))),
        error: /: layer [0-9a-f]{64}\.tar\.gz has digest sha256:[0-9a-f]{64}, not the one its name says$/,
      },
      {
        name: 'a config whose bytes changed',
        change: (files: Map<string, Buffer>, image: Image) => files.set(configName(image), Buffer.from('{}')),
        error: /: config sha256:[0-9a-f]{64} has digest sha256:[0-9a-f]{64}, not the one its name says$/,
      },
      {
        name: 'a layer that is not the one the config lists',
        change: (files: Map<string, Buffer>, image: Image) => {
          const blob = files.get(layerName(image, 0))!;
          files.delete(layerName(image, 0));
          files.set('renamed.tar.gz', blob);
          const manifest = JSON.parse(files.get('manifest.json')!.toString());
          manifest[0].Layers = [layerName(image, 1), 'renamed.tar.gz'];
          files.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
        },
        error:
          /: layer [0-9a-f]{64}\.tar\.gz has diff ID sha256:\w+, but the config lists sha256:\w+ for layer 0$/,
      },
      {
        name: 'a missing layer',
        change: (files: Map<string, Buffer>, image: Image) => files.delete(layerName(image, 1)),
        error: /: it has no file [0-9a-f]{64}\.tar\.gz$/,
      },
      {
        name: 'a missing manifest.json',
        change: (files: Map<string, Buffer>) => files.delete('manifest.json'),
        error: /: it has no file manifest.json$/,
      },
      {
        name: 'a manifest.json that is not JSON',
        change: (files: Map<string, Buffer>) => files.set('manifest.json', Buffer.from('{')),
        error: /: manifest.json is not JSON: /,
      },
      {
        name: 'two images and no tag',
        change: (files: Map<string, Buffer>) => {
          const manifest = JSON.parse(files.get('manifest.json')!.toString());
          files.set('manifest.json', Buffer.from(JSON.stringify([...manifest, ...manifest])));
        },
        error: /: it holds 2 images; name the one to read by its tag$/,
      },
      {
        name: 'more layers than diff IDs',
        change: (files: Map<string, Buffer>, image: Image) => {
          const manifest = JSON.parse(files.get('manifest.json')!.toString());
          manifest[0].Layers.push(layerName(image, 0));
          files.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
        },
        error: /: manifest.json lists 3 layers but the config lists 2 diff IDs$/,
      },
    ])('$name', async ({ name, change, error }) => {
      const file = await broken(name.replaceAll(' ', '-'), change);
      const failure = readImageTarball(file);
      await expect(failure).rejects.toThrow(`cannot read image tarball ${file}: `);
      await expect(failure).rejects.toThrow(error);
    });

    it('a file that is not a tar', async () => {
      const file = join(dir, 'not-a-tar');
      writeFileSync(file, 'hello');
      await expect(readImageTarball(file)).rejects.toThrow(
        new RegExp(`^cannot read image tarball ${file}: cannot read tar`),
      );
    });

    it('a file that is not there', async () => {
      const file = join(dir, 'absent.xpkg');
      await expect(readImageTarball(file)).rejects.toThrow(`cannot read image tarball ${file}: ENOENT`);
    });

    it('a link cycle', async () => {
      const file = join(dir, 'cycle.tar');
      writeFileSync(
        file,
        tarOf([
          { path: 'a', type: 'symlink', mode: 0o777, linkname: 'b' },
          { path: 'b', type: 'symlink', mode: 0o777, linkname: 'a' },
          { path: 'manifest.json', type: 'symlink', mode: 0o777, linkname: 'a' },
        ]),
      );
      await expect(readImageTarball(file)).rejects.toThrow(
        `cannot read image tarball ${file}: manifest.json is a link in a cycle`,
      );
    });

    it('a tag it does not hold', async () => {
      const file = join(dir, 'untagged.xpkg');
      await writeImageTarball(file, await packageImage());
      await expect(readImageTarball(file, 'example.com/fn:v1')).rejects.toThrow(
        `cannot read image tarball ${file}: it holds no image tagged example.com/fn:v1`,
      );
    });
  });
});
