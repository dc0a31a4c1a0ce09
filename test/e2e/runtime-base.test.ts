// The runtime base of kxp function images, built from the pinned packages (the npm registry and a
// Debian mirror, or a warm cache in ~/.cache/kxp/package): the amd64 base runs Node the way a
// container would (unpacked, then unshare + chroot as the image's user; needs root), and the arm64
// base, which cannot run here, holds an AArch64 Node and AArch64 libraries.
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { gzipLayer } from '../../src/oci/layer.js';
import { type TarEntry, tarOf } from '../../src/oci/tar.js';
import { readElfHeader } from '../../src/package/runtime/elf.js';
import {
  nodePath,
  nodeVersion,
  type RuntimeBase,
  runtimeBase,
  runtimeUser,
} from '../../src/package/runtime/index.js';
import { RootFilesystem } from '../../src/runtime/rootfs.js';
import { mountPoints, startSandboxed } from '../../src/runtime/sandbox.js';

const log = (m: string) => process.stderr.write(`[runtime-base] ${m}\n`);
const asRoot = process.getuid?.() === 0;
const haveReadelf = spawnSync('readelf', ['--version']).status === 0;

const bases = new Map<string, Promise<RuntimeBase>>();

/** baseOf returns the runtime base of an architecture, built once per test file. */
function baseOf(arch: 'amd64' | 'arm64'): Promise<RuntimeBase> {
  if (!bases.has(arch)) bases.set(arch, runtimeBase(arch, { log }));
  return bases.get(arch)!;
}

/** layer returns a base's entries of one layer. */
function layer(base: RuntimeBase, name: string): TarEntry[] {
  const found = base.layers.find((l) => l.name === name);
  if (!found) throw new Error(`the ${base.arch} runtime base has no ${name} layer`);
  return found.entries;
}

describe.each(['amd64', 'arm64'] as const)('the %s runtime base', (arch) => {
  let base: RuntimeBase;
  beforeAll(async () => {
    base = await baseOf(arch);
  }, 600_000);

  it('has a system layer, then a node layer, each listing the parent folder of every entry', () => {
    expect(base.layers.map((l) => l.name)).toEqual(['system', 'node']);
    for (const { entries } of base.layers) {
      const dirs = new Set(entries.filter((e) => e.type === 'directory').map((e) => e.path));
      for (const e of entries) {
        expect(e.path).not.toMatch(/^\/|\/$/);
        const parent = posix.dirname(e.path);
        if (parent !== '.') expect([e.path, dirs.has(parent)]).toEqual([e.path, true]);
      }
    }
  });

  it(`holds node and every library for ${arch}`, () => {
    const machine = arch === 'amd64' ? 62 : 183;
    const node = layer(base, 'node').find((e) => e.path === nodePath.slice(1));
    expect(readElfHeader(node!.content!).machine).toBe(machine);
    const libraries = layer(base, 'system').filter((e) => e.type === 'file' && /\.so(\.\d+)*$/.test(e.path));
    expect(libraries.map((e) => posix.basename(e.path)).sort()).toEqual(
      [
        arch === 'amd64' ? 'ld-linux-x86-64.so.2' : 'ld-linux-aarch64.so.1',
        'libc.so.6',
        'libdl.so.2',
        'libgcc_s.so.1',
        'libm.so.6',
        'libpthread.so.0',
        'libstdc++.so.6.0.30',
      ].sort(),
    );
    for (const lib of libraries)
      expect([lib.path, readElfHeader(lib.content!).machine]).toEqual([lib.path, machine]);
  });

  it('is stripped: under 44.5 MB gzipped (node:zlib level 6, as images are; an unstripped node alone is 44.5 MB)', async () => {
    let total = 0;
    for (const l of base.layers) {
      const { size } = await gzipLayer(tarOf(l.entries));
      log(`${arch} ${l.name} layer: ${(size / 1e6).toFixed(1)} MB gzipped`);
      total += size;
    }
    expect(total).toBeLessThan(44.5e6);
  }, 120_000);
});

describe('the amd64 runtime base, unpacked', () => {
  let root = '';
  beforeAll(async () => {
    const base = await baseOf('amd64');
    root = await mkdtemp(join(tmpdir(), 'kxp-runtime-base-'));
    await chmod(root, 0o755); // the image's "/", which the runtime user must traverse
    const fs = new RootFilesystem(root);
    for (const l of base.layers) for (const e of l.entries) fs.apply(e);
  }, 600_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  (asRoot ? it : it.skip)(
    `runs node sandboxed as uid ${runtimeUser}: its version, PID 1, localhost, /tmp, a read-only root and volume`,
    async () => {
      const volume = await mkdtemp(join(tmpdir(), 'kxp-runtime-volume-'));
      await writeFile(join(volume, 'token'), 'secret');
      await chmod(volume, 0o755); // as a kubelet makes a Secret volume: readable by the container's user
      const script = `
        const fs = require('fs'); const os = require('os');
        fs.writeFileSync('/tmp/written', 'ok');
        let rootWrite = 'allowed';
        try { fs.writeFileSync('/etc/x', 'x') } catch (e) { rootWrite = e.code }
        require('dns').lookup('localhost', (err, address) => console.log(JSON.stringify({
          version: process.version, pid: process.pid, uid: process.getuid(), gid: process.getgid(),
          user: os.userInfo().username, address, err: err && err.message, tmp: fs.readFileSync('/tmp/written', 'utf8'),
          rootWrite, volume: fs.readFileSync('/var/run/secrets/x/token', 'utf8'), env: process.env.GREETING,
        })));`;
      for (const m of mountPoints) new RootFilesystem(root).ensureDirectory(m);
      const logs = await mkdtemp(join(tmpdir(), 'kxp-runtime-log-'));
      const fn = startSandboxed({
        name: 'node',
        dir: logs,
        root,
        volumes: [{ source: volume, target: '/var/run/secrets/x' }],
        command: [nodePath, '-e', script],
        env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/home/nonroot', GREETING: 'hello' },
        uid: runtimeUser,
        gid: runtimeUser,
      });
      expect(await fn.exited).toBe(0);
      expect(JSON.parse(fn.tail(1))).toEqual({
        version: `v${nodeVersion}`,
        pid: 1,
        uid: runtimeUser,
        gid: runtimeUser,
        user: 'nonroot',
        address: '127.0.0.1',
        err: null,
        tmp: 'ok',
        rootWrite: 'EROFS',
        volume: 'secret',
        env: 'hello',
      });
      await rm(volume, { recursive: true, force: true });
      await rm(logs, { recursive: true, force: true });
    },
    60_000,
  );

  (haveReadelf ? it : it.skip)(
    'has a stripped node binary that readelf reads without complaint',
    async () => {
      const r = spawnSync('readelf', ['-h', '-S', '-l', join(root, nodePath)], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).not.toMatch(/\.debug_|\.symtab/);
    },
  );
});
