import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { elfSections, isElf64, readElfHeader, stripElf } from './elf.js';
import { elfDependencies } from './elf-deps.js';

const haveGcc = process.platform === 'linux' && spawnSync('gcc', ['--version']).status === 0;
const haveReadelf = spawnSync('readelf', ['--version']).status === 0;
const hostMachine = process.arch === 'x64' ? 62 : process.arch === 'arm64' ? 183 : undefined;

let dir = '';
let hello = Buffer.alloc(0);

/** run writes a binary to the temp folder, runs it and returns its output. */
function run(binary: Buffer, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, binary);
  chmodSync(path, 0o755);
  return execFileSync(path, { encoding: 'utf8' });
}

/** readelf returns readelf's output and its complaints for a binary. */
function readelf(binary: Buffer, name: string): { status: number | null; stdout: string; stderr: string } {
  const path = join(dir, name);
  writeFileSync(path, binary);
  const r = spawnSync('readelf', ['-h', '-S', '-l', path], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

(haveGcc ? describe : describe.skip)('stripElf on a binary built with gcc -g', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kxp-elf-'));
    writeFileSync(join(dir, 'hello.c'), '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n');
    execFileSync('gcc', ['-g', '-O1', '-o', 'hello', 'hello.c'], { cwd: dir });
    hello = readFileSync(join(dir, 'hello'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the header of the host architecture', () => {
    expect(isElf64(hello)).toBe(true);
    expect(readElfHeader(hello).machine).toBe(hostMachine);
  });

  it('removes debug sections, .symtab, .strtab and .comment; the result is smaller and still runs', () => {
    const { binary, removed, skipped } = stripElf(hello);
    expect(skipped).toBeUndefined();
    expect(removed).toEqual(expect.arrayContaining(['.debug_info', '.symtab', '.strtab', '.comment']));
    expect(binary.length).toBeLessThan(hello.length);
    const names = elfSections(binary).map((s) => s.name);
    expect(names).toContain('.text');
    expect(names).toContain('.shstrtab');
    expect(names.filter((n) => n.startsWith('.debug') || n === '.symtab')).toEqual([]);
    expect(run(binary, 'hello.stripped')).toBe('hello\n');
  });

  (haveReadelf ? it : it.skip)('gives a file readelf reads without complaint', () => {
    const { binary } = stripElf(hello);
    const r = readelf(binary, 'hello.readelf');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\.shstrtab/);
  });

  it('keeps what the loader needs: the interpreter and needed libraries read the same', () => {
    const { binary } = stripElf(hello);
    expect(elfDependencies(binary)).toEqual(elfDependencies(hello));
    expect(elfDependencies(hello).needed).toContain('libc.so.6');
    expect(elfDependencies(hello).interpreter).toMatch(/^\/lib.*\/ld-linux-.*\.so\.\d$/);
  });

  it('returns a stripped file unchanged, with nothing removed', () => {
    const once = stripElf(hello).binary;
    const twice = stripElf(once);
    expect(twice.binary).toBe(once);
    expect(twice.removed).toEqual([]);
    expect(twice.skipped).toBeUndefined();
  });

  it('leaves a file whose layout is not the simple one unchanged, saying why', () => {
    const odd = Buffer.from(hello);
    const h = readElfHeader(odd);
    const sections = elfSections(odd, h);
    const index = sections.findIndex((s) => s.name === '.debug_info');
    expect(index).toBeGreaterThan(0);
    odd.writeBigUInt64LE(0x2n, h.shoff + index * 64 + 8); // mark .debug_info allocated
    const r = stripElf(odd);
    expect(r.binary).toBe(odd);
    expect(r.removed).toEqual([]);
    expect(r.skipped).toMatch(/allocated section \.debug_info follows non-allocated ones/);
  });
});

describe('stripElf on what is not a simple ELF64 executable', () => {
  it.each([
    ['a text file', Buffer.from('#!/bin/sh\necho hi\n'), /not an ELF64 little-endian file/],
    [
      'a 32-bit ELF header',
      Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]), Buffer.alloc(64)]),
      /not an ELF64/,
    ],
    ['a relocatable object', elfHeaderOnly(1), /ELF type 1 is not an executable/],
    ['an executable without sections', elfHeaderOnly(2), /no section table/],
  ])('returns %s unchanged', (_, file, why) => {
    const r = stripElf(file);
    expect(r.binary).toBe(file);
    expect(r.skipped).toMatch(why);
  });
});

/** elfHeaderOnly returns a bare ELF64 little-endian header of a type, with no segments or sections. */
function elfHeaderOnly(type: number): Buffer {
  const h = Buffer.alloc(64);
  h.writeUInt32BE(0x7f454c46, 0);
  h[4] = 2;
  h[5] = 1;
  h[6] = 1;
  h.writeUInt16LE(type, 16);
  h.writeUInt16LE(62, 18);
  h.writeUInt16LE(64, 52);
  h.writeUInt16LE(56, 54);
  h.writeUInt16LE(64, 58);
  return h;
}
