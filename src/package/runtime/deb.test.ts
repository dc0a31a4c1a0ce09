import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { debFiles } from './deb.js';

const haveXz = spawnSync('xz', ['--version']).status === 0;

/** dataTar returns a data.tar laid out as dpkg-deb writes one: "./" first, then "./"-prefixed paths. */
async function dataTar(): Promise<Buffer> {
  const p = pack();
  p.entry({ name: './', type: 'directory', mode: 0o755 });
  p.entry({ name: './lib/', type: 'directory', mode: 0o755 });
  p.entry({ name: './lib/libc.so.6', mode: 0o755, uid: 0, gid: 0 }, 'ELF');
  p.entry({ name: './lib/libc.so', type: 'symlink', linkname: 'libc.so.6', mode: 0o777 });
  p.entry({ name: './usr/share/doc/libc6/copyright', mode: 0o644 }, 'GPL');
  p.entry({ name: './usr/share/doc/libc6/changelog.gz', mode: 0o644 }, 'old news');
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of p) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** deb returns an ar archive of the members, as a .deb. */
function deb(members: [string, Buffer][]): Buffer {
  const parts: Buffer[] = [Buffer.from('!<arch>\n')];
  for (const [name, data] of members) {
    const field = (v: string | number, w: number) => String(v).padEnd(w, ' ');
    parts.push(
      Buffer.from(`${field(name, 16)}${field(0, 12)}0     0     100644  ${field(data.length, 10)}\`\n`),
    );
    parts.push(data);
    if (data.length % 2 === 1) parts.push(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

const keep = (path: string) => path.startsWith('lib/') || path.endsWith('/copyright');

describe('debFiles', () => {
  const compressions: [string, (tar: Buffer) => Buffer][] = [
    ['data.tar.gz', (tar) => gzipSync(tar)],
    ['data.tar', (tar) => tar],
  ];
  if (haveXz) compressions.push(['data.tar.xz', (tar) => spawnSync('xz', ['-c'], { input: tar }).stdout]);

  it.each(compressions)('returns the kept entries of %s without "./"', async (name, compress) => {
    const files = await debFiles(
      deb([
        ['debian-binary', Buffer.from('2.0\n')],
        ['control.tar.gz', gzipSync(Buffer.alloc(1024))],
        [name, compress(await dataTar())],
      ]),
      keep,
    );
    expect(
      files.map((f) => [f.path, f.type, f.mode.toString(8), f.content?.toString() ?? f.linkname]),
    ).toEqual([
      ['lib/libc.so.6', 'file', '755', 'ELF'],
      ['lib/libc.so', 'symlink', '777', 'libc.so.6'],
      ['usr/share/doc/libc6/copyright', 'file', '644', 'GPL'],
    ]);
  });

  it.each([
    [
      'no debian-binary',
      [['data.tar', Buffer.alloc(0)]],
      /cannot read Debian package libx: it has no "debian-binary"/,
    ],
    [
      'no data.tar',
      [['debian-binary', Buffer.from('2.0\n')]],
      /cannot read Debian package libx: it has no data.tar/,
    ],
    [
      'zstd compression',
      [
        ['debian-binary', Buffer.from('2.0\n')],
        ['data.tar.zst', Buffer.alloc(4)],
      ],
      /cannot read data.tar.zst of Debian package libx: its compression is not supported/,
    ],
    [
      'a corrupt data.tar.gz',
      [
        ['debian-binary', Buffer.from('2.0\n')],
        ['data.tar.gz', Buffer.from('not gzip')],
      ],
      /cannot read data.tar.gz of Debian package libx/,
    ],
  ] as [string, [string, Buffer][], RegExp][])('rejects a package with %s', async (_, members, message) => {
    await expect(debFiles(deb(members), keep, 'libx')).rejects.toThrow(message);
  });
});
