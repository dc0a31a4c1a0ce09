import type { TarEntry } from '../../oci/tar.js';
import { danglingSymlinks, entryMap, resolvePath, withParents } from './entries.js';

const file = (path: string, content = 'x'): TarEntry => ({
  path,
  type: 'file',
  mode: 0o644,
  content: Buffer.from(content),
});
const symlink = (path: string, linkname: string): TarEntry => ({
  path,
  type: 'symlink',
  mode: 0o777,
  linkname,
});

describe('withParents', () => {
  it('adds every missing parent folder (0755, root) and sorts folders before what they hold', () => {
    const out = withParents([file('usr/lib/x/libc.so'), { path: 'tmp', type: 'directory', mode: 0o1777 }]);
    expect(out.map((e) => [e.path, e.type, e.mode.toString(8)])).toEqual([
      ['tmp', 'directory', '1777'],
      ['usr', 'directory', '755'],
      ['usr/lib', 'directory', '755'],
      ['usr/lib/x', 'directory', '755'],
      ['usr/lib/x/libc.so', 'file', '644'],
    ]);
  });

  it('keeps folders that are listed, with their owner and mode', () => {
    const home: TarEntry = { path: 'home/nonroot', type: 'directory', mode: 0o700, uid: 65532, gid: 65532 };
    expect(withParents([file('home/nonroot/.profile'), home])).toContainEqual(home);
  });

  it.each([
    ['an absolute path', [file('/etc/passwd')], /paths are relative/],
    ['a path with ..', [file('usr/../etc/passwd')], /paths are relative/],
    ['a path listed twice', [file('etc/hosts'), file('etc/hosts')], /listed twice/],
    ['a file below a symlink', [symlink('lib', 'usr/lib'), file('lib/x')], /its parent lib is a symlink/],
  ])('rejects %s', (_, entries, message) => {
    expect(() => withParents(entries)).toThrow(message);
  });
});

describe('resolvePath', () => {
  const entries = entryMap([
    file('lib/x86_64-linux-gnu/ld-linux-x86-64.so.2'),
    symlink('lib64/ld-linux-x86-64.so.2', '/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2'),
    file('usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30'),
    symlink('usr/lib/x86_64-linux-gnu/libstdc++.so.6', 'libstdc++.so.6.0.30'),
    symlink('usr/share/doc/libstdc++6', 'gcc-12-base'),
    file('usr/share/doc/gcc-12-base/copyright'),
    symlink('lib32', 'usr/lib'),
    symlink('loop/a', 'b'),
    symlink('loop/b', 'a'),
    symlink('up', '../usr/share/doc/gcc-12-base/copyright'),
    { path: 'hard', type: 'link', mode: 0o644, linkname: 'usr/share/doc/gcc-12-base/copyright' },
  ]);

  it.each([
    ['an absolute symlink', 'lib64/ld-linux-x86-64.so.2', 'lib/x86_64-linux-gnu/ld-linux-x86-64.so.2'],
    ['an absolute path', '/lib64/ld-linux-x86-64.so.2', 'lib/x86_64-linux-gnu/ld-linux-x86-64.so.2'],
    [
      'a relative symlink',
      'usr/lib/x86_64-linux-gnu/libstdc++.so.6',
      'usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30',
    ],
    ['a symlinked folder', 'usr/share/doc/libstdc++6/copyright', 'usr/share/doc/gcc-12-base/copyright'],
    [
      'a symlinked folder then a symlink',
      'lib32/x86_64-linux-gnu/libstdc++.so.6',
      'usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30',
    ],
    ['.. above the root', 'up', 'usr/share/doc/gcc-12-base/copyright'],
  ])('follows %s', (_, path, expected) => {
    const got = resolvePath(entries, path);
    expect(got.path).toBe(expected);
    expect(got.entry?.path).toBe(expected);
  });

  it('gives a hard link its target entry', () => {
    expect(resolvePath(entries, 'hard').entry?.path).toBe('usr/share/doc/gcc-12-base/copyright');
  });

  it('finds nothing at a missing path or in a loop', () => {
    expect(resolvePath(entries, 'usr/share/doc/libc6/copyright').entry).toBeUndefined();
    expect(resolvePath(entries, 'loop/a').entry).toBeUndefined();
  });
});

describe('danglingSymlinks', () => {
  it('lists the links whose target is not among the entries', () => {
    const entries = entryMap(
      [file('a'), symlink('ok', 'a'), symlink('bad', '/missing')],
      [symlink('late', 'ok')],
    );
    expect(danglingSymlinks(entries)).toEqual(['bad -> /missing']);
  });
});
