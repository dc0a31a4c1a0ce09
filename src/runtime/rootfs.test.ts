import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TarEntry } from '../oci/tar.js';
import { cleanPath, RootFilesystem } from './rootfs.js';

describe('RootFilesystem', () => {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kxp-rootfs-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const unpack = (entries: TarEntry[]) => {
    const fs = new RootFilesystem(root);
    for (const e of entries) fs.apply(e);
  };

  it('writes folders, files, symlinks and hard links with their modes; later entries replace earlier ones', () => {
    unpack([
      { path: 'tmp', type: 'directory', mode: 0o1777 },
      { path: 'usr/bin', type: 'directory', mode: 0o755 },
      { path: 'usr/bin/tool', type: 'file', mode: 0o644, content: Buffer.from('old') },
      { path: 'usr/bin/tool', type: 'file', mode: 0o755, content: Buffer.from('new') },
      { path: 'bin', type: 'symlink', mode: 0o777, linkname: 'usr/bin' },
      { path: 'usr/bin/same', type: 'link', mode: 0o755, linkname: 'usr/bin/tool' },
    ]);
    expect(statSync(join(root, 'tmp')).mode & 0o7777).toBe(0o1777);
    expect(statSync(join(root, 'usr/bin/tool')).mode & 0o7777).toBe(0o755);
    expect(readFileSync(join(root, 'usr/bin/tool'), 'utf8')).toBe('new');
    expect(readlinkSync(join(root, 'bin'))).toBe('usr/bin');
    expect(statSync(join(root, 'usr/bin/same')).ino).toBe(statSync(join(root, 'usr/bin/tool')).ino);
  });

  it('applies whiteouts: a file removed, a folder emptied (opaque), a folder kept when a layer lists it again', () => {
    unpack([
      { path: 'etc', type: 'directory', mode: 0o755 },
      { path: 'etc/a', type: 'file', mode: 0o644, content: Buffer.from('a') },
      { path: 'etc/b', type: 'file', mode: 0o644, content: Buffer.from('b') },
      { path: 'var/cache/x', type: 'file', mode: 0o644, content: Buffer.from('x') },
      { path: 'etc', type: 'directory', mode: 0o755 },
      { path: 'etc/.wh.a', type: 'file', mode: 0o644 },
      { path: 'var/cache/.wh..wh..opq', type: 'file', mode: 0o644 },
    ]);
    expect(existsSync(join(root, 'etc/a'))).toBe(false);
    expect(readFileSync(join(root, 'etc/b'), 'utf8')).toBe('b');
    expect(existsSync(join(root, 'var/cache'))).toBe(true);
    expect(existsSync(join(root, 'var/cache/x'))).toBe(false);
  });

  it('keeps a path with .. inside the root', () => {
    unpack([{ path: '../escape', type: 'file', mode: 0o644, content: Buffer.from('x') }]);
    expect(existsSync(join(root, '..', 'escape'))).toBe(false);
    expect(readFileSync(join(root, 'escape'), 'utf8')).toBe('x');
  });

  it('refuses a path through a symlink, which could lead outside the root', () => {
    const outside = mkdtempSync(join(tmpdir(), 'kxp-rootfs-outside-'));
    try {
      expect(() =>
        unpack([
          { path: 'etc', type: 'symlink', mode: 0o777, linkname: outside },
          { path: 'etc/passwd', type: 'file', mode: 0o644, content: Buffer.from('x') },
        ]),
      ).toThrow(/etc\/passwd lies under etc, which is not a folder/);
      expect(() => lstatSync(join(outside, 'passwd'))).toThrow();
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses a hard link to something that is not a file of the image', () => {
    expect(() => unpack([{ path: 'x', type: 'link', mode: 0o644, linkname: 'etc/shadow' }])).toThrow(
      /hard link x points at etc\/shadow, which is not a file of the image/,
    );
  });
});

describe('cleanPath', () => {
  it.each([
    ['usr/bin/', 'usr/bin'],
    ['./etc/hosts', 'etc/hosts'],
    ['/abs/path', 'abs/path'],
    ['a/../../b', 'b'],
    ['.', ''],
  ])('%s is %s', (path, expected) => expect(cleanPath(path)).toBe(expected));
});
