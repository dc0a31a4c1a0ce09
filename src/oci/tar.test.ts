import { Readable } from 'node:stream';
import { sha256Digest } from './digest.js';
import { type TarEntry, tarEntriesOf, tarOf } from './tar.js';

async function entriesOf(tar: Buffer | NodeJS.ReadableStream): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  for await (const entry of tarEntriesOf(tar)) entries.push(entry);
  return entries;
}

const sample: TarEntry[] = [
  { path: 'etc', type: 'directory', mode: 0o755 },
  { path: 'etc/hosts', type: 'file', mode: 0o644, content: Buffer.from('127.0.0.1 localhost\n') },
  { path: 'etc/localhost', type: 'link', mode: 0o644, linkname: 'etc/hosts' },
  { path: 'etc/hosts.link', type: 'symlink', mode: 0o777, linkname: 'hosts' },
  { path: 'tmp', type: 'directory', mode: 0o1777 },
  { path: 'home/nonroot', type: 'directory', mode: 0o700, uid: 65532, gid: 65532 },
];

/** The filled form of an entry, as tarEntriesOf returns it. */
function read(entry: TarEntry): TarEntry {
  return {
    uid: 0,
    gid: 0,
    ...entry,
    ...(entry.type === 'file' ? { content: entry.content ?? Buffer.alloc(0) } : {}),
  };
}

describe('tarOf', () => {
  it('gives the same bytes for the same entries', () => {
    expect(sha256Digest(tarOf(sample))).toBe(sha256Digest(tarOf(structuredClone(sample))));
  });

  it('writes ustar headers with mtime 0, no user names and a valid checksum', () => {
    const tar = tarOf([{ path: 'package.yaml', type: 'file', mode: 0o644, content: Buffer.from('x') }]);
    expect(tar.length).toBe(512 + 512 + 1024);
    const field = (offset: number, length: number) =>
      tar.subarray(offset, offset + length).toString('latin1');
    expect(field(0, 12)).toBe('package.yaml');
    expect(field(100, 8)).toBe('0000644\0');
    expect(field(124, 12)).toBe('00000000001\0');
    expect(field(136, 12)).toBe('00000000000\0');
    expect(field(156, 1)).toBe('0');
    expect(field(257, 8)).toBe('ustar\u000000');
    expect(tar.subarray(265, 329).every((b) => b === 0)).toBe(true);
    const header = Buffer.from(tar.subarray(0, 512));
    header.fill(0x20, 148, 156);
    const sum = header.reduce((a, b) => a + b, 0);
    expect(field(148, 8)).toBe(`${sum.toString(8).padStart(6, '0')}\0 `);
    expect(tar.subarray(1024).every((b) => b === 0)).toBe(true);
  });

  it('writes directories with a trailing slash', () => {
    expect(
      tarOf([{ path: 'usr/lib', type: 'directory', mode: 0o755 }])
        .subarray(0, 9)
        .toString(),
    ).toBe('usr/lib/\0');
  });

  it('writes a PAX header before paths and link names that ustar cannot hold', async () => {
    const long = `${'d'.repeat(90)}/${'f'.repeat(90)}.txt`;
    const entries: TarEntry[] = [
      { path: long, type: 'file', mode: 0o644, content: Buffer.from('long') },
      { path: 'ünïcode', type: 'file', mode: 0o644, content: Buffer.from('u') },
      { path: 'to-long', type: 'symlink', mode: 0o777, linkname: `../${long}` },
      { path: 'big-ids', type: 'file', mode: 0o644, uid: 3_000_000, gid: 4_000_000 },
    ];
    const tar = tarOf(entries);
    expect(tar.subarray(0, 30).toString('latin1')).toBe(`PaxHeaders/${'f'.repeat(19)}`);
    expect(tar.subarray(156, 157).toString()).toBe('x');
    expect(tar.subarray(512, 1024).toString()).toMatch(new RegExp(`^\\d+ path=${long}\\n`));
    expect(await entriesOf(tar)).toEqual(entries.map(read));
  });

  it.each([
    { name: 'absolute', entry: { path: '/etc/hosts' }, error: /not a normalized relative path/ },
    { name: 'parent', entry: { path: 'a/../b' }, error: /not a normalized relative path/ },
    { name: 'dot segment', entry: { path: './a' }, error: /not a normalized relative path/ },
    { name: 'double slash', entry: { path: 'a//b' }, error: /not a normalized relative path/ },
    { name: 'trailing slash', entry: { path: 'a/' }, error: /not a normalized relative path/ },
    { name: 'empty', entry: { path: '' }, error: /not a normalized relative path/ },
    { name: 'mode', entry: { mode: 0o100644 }, error: /mode 33188 is not permission bits/ },
    { name: 'uid', entry: { uid: -1 }, error: /uid and gid must be non-negative integers/ },
    {
      name: 'content on a directory',
      entry: { type: 'directory', content: Buffer.from('x') },
      error: /has no content/,
    },
    { name: 'symlink without target', entry: { type: 'symlink' }, error: /a symlink needs a linkname/ },
    { name: 'linkname on a file', entry: { linkname: 'x' }, error: /a file has no linkname/ },
  ] as { name: string; entry: Partial<TarEntry>; error: RegExp }[])('rejects $name', ({ entry, error }) => {
    const full: TarEntry = { path: 'a', type: 'file', mode: 0o644, ...entry };
    expect(() => tarOf([full])).toThrow(error);
    expect(() => tarOf([full])).toThrow(/^cannot write tar entry /);
  });

  it('keeps the root directory as "."', async () => {
    const tar = tarOf([{ path: '.', type: 'directory', mode: 0o755 }]);
    expect(tar.subarray(0, 3).toString()).toBe('./\0');
    expect(await entriesOf(tar)).toEqual([{ path: '.', type: 'directory', mode: 0o755, uid: 0, gid: 0 }]);
  });
});

describe('tarEntriesOf', () => {
  it('round-trips what tarOf writes, in order', async () => {
    expect(await entriesOf(tarOf(sample))).toEqual(sample.map(read));
  });

  it('reads a stream in small chunks', async () => {
    const tar = tarOf(sample);
    const chunks = Array.from({ length: Math.ceil(tar.length / 100) }, (_, i) =>
      tar.subarray(i * 100, i * 100 + 100),
    );
    expect(await entriesOf(Readable.from(chunks))).toEqual(sample.map(read));
  });

  it('normalizes "./" and "/" prefixes of paths and hard link names', async () => {
    const tar = gnuTar([
      { name: './', type: '5' },
      { name: './etc/', type: '5' },
      { name: '/etc/hosts', type: '0', content: 'h' },
      { name: './etc/hard', type: '1', linkname: './etc/hosts' },
    ]);
    expect((await entriesOf(tar)).map((e) => [e.path, e.type, e.linkname])).toEqual([
      ['.', 'directory', undefined],
      ['etc', 'directory', undefined],
      ['etc/hosts', 'file', undefined],
      ['etc/hard', 'link', 'etc/hosts'],
    ]);
  });

  it('reads GNU long names', async () => {
    const long = `${'x'.repeat(150)}/file`;
    const tar = gnuTar([
      { name: '././@LongLink', type: 'L', content: `${long}\0` },
      { name: long.slice(0, 100), type: '0', content: 'gnu' },
    ]);
    expect(await entriesOf(tar)).toEqual([
      { path: long, type: 'file', mode: 0o644, uid: 0, gid: 0, content: Buffer.from('gnu') },
    ]);
  });

  it('rejects entry types a layer cannot hold', async () => {
    await expect(entriesOf(gnuTar([{ name: 'dev/null', type: '3' }]))).rejects.toThrow(
      'cannot read tar entry dev/null: entries of type character-device are not supported',
    );
  });

  it('fails clearly on a truncated archive', async () => {
    const tar = tarOf([{ path: 'a', type: 'file', mode: 0o644, content: Buffer.alloc(2000, 1) }]);
    await expect(entriesOf(tar.subarray(0, 1000))).rejects.toThrow(/^cannot read tar/);
  });

  it('fails clearly on bytes that are not a tar', async () => {
    await expect(entriesOf(Buffer.alloc(512, 0x41))).rejects.toThrow(/^cannot read tar: /);
  });

  it('fails when the stream fails', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk on fire'));
      },
    });
    await expect(entriesOf(failing)).rejects.toThrow(/disk on fire/);
  });

  it('stops reading when the caller stops', async () => {
    const tar = tarOf(sample);
    for await (const entry of tarEntriesOf(Readable.from([tar]))) {
      expect(entry.path).toBe('etc');
      break;
    }
  });
});

/** gnuTar writes headers as GNU tar does (`ustar  ` magic), for reading what kxp does not write. */
function gnuTar(headers: { name: string; type: string; content?: string; linkname?: string }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const h of headers) {
    const content = Buffer.from(h.content ?? '');
    const block = Buffer.alloc(512);
    block.write(h.name, 0);
    block.write(`${(h.type === '5' ? 0o755 : 0o644).toString(8).padStart(7, '0')}\0`, 100);
    block.write('0000000\0', 108);
    block.write('0000000\0', 116);
    block.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
    block.write('00000000000\0', 136);
    block.write(h.type, 156);
    block.write(h.linkname ?? '', 157);
    block.write('ustar  \0', 257, 'latin1');
    block.fill(0x20, 148, 156);
    const sum = block.reduce((a, b) => a + b, 0);
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(block, content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
