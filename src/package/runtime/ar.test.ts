import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arMembers } from './ar.js';

/** arHeader returns a 60-byte ar member header. */
function arHeader(name: string, size: number): Buffer {
  const field = (value: string | number, width: number) => String(value).padEnd(width, ' ');
  return Buffer.from(
    `${field(name, 16)}${field(0, 12)}${field(0, 6)}${field(0, 6)}${field(100644, 8)}${field(size, 10)}\`\n`,
    'latin1',
  );
}

/** archive returns an ar archive of the members, padded as the format wants. */
function archive(members: [string, Buffer][]): Buffer {
  const parts: Buffer[] = [Buffer.from('!<arch>\n')];
  for (const [name, data] of members) {
    parts.push(arHeader(name, data.length), data);
    if (data.length % 2 === 1) parts.push(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

const text = (members: { name: string; data: Buffer }[]) => members.map((m) => [m.name, m.data.toString()]);

describe('arMembers', () => {
  it('reads the members of a .deb-shaped archive in order, odd sizes padded', () => {
    const deb = archive([
      ['debian-binary', Buffer.from('2.0\n')],
      ['control.tar.xz/', Buffer.from('abc')],
      ['data.tar.xz', Buffer.from('hello')],
    ]);
    expect(text(arMembers(deb))).toEqual([
      ['debian-binary', '2.0\n'],
      ['control.tar.xz', 'abc'],
      ['data.tar.xz', 'hello'],
    ]);
  });

  it('reads BSD long names ("#1/<length>")', () => {
    const name = 'a-member-name-longer-than-sixteen.txt';
    const data = Buffer.concat([Buffer.from(name), Buffer.from('body')]);
    expect(text(arMembers(archive([[`#1/${name.length}`, data]])))).toEqual([[name, 'body']]);
  });

  it('reads GNU long names and leaves out the symbol table, as GNU ar writes them', () => {
    let dir: string | undefined;
    try {
      dir = mkdtempSync(join(tmpdir(), 'kxp-ar-'));
      const long = 'a-member-name-longer-than-sixteen.txt';
      writeFileSync(join(dir, long), 'long\n');
      writeFileSync(join(dir, 'short'), 'odd');
      execFileSync('ar', ['rc', 'out.a', long, 'short'], { cwd: dir });
      const members = arMembers(readFileSync(join(dir, 'out.a')));
      expect(text(members)).toEqual([
        [long, 'long\n'],
        ['short', 'odd'],
      ]);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // no binutils here
      throw err;
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['no magic', Buffer.from('not an archive'), /does not start with/],
    [
      'a truncated header',
      Buffer.concat([Buffer.from('!<arch>\n'), Buffer.from('short')]),
      /truncated header/,
    ],
    [
      'a bad terminator',
      Buffer.from(`!<arch>\n${arHeader('x', 0).toString('latin1').slice(0, 58)}xx`),
      /bad header/,
    ],
    [
      'a member past the end',
      Buffer.concat([Buffer.from('!<arch>\n'), arHeader('x', 10), Buffer.from('abc')]),
      /truncated/,
    ],
  ])('rejects %s', (_, data, message) => {
    expect(() => arMembers(data)).toThrow(message);
  });
});
