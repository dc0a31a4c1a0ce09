/**
 * Reading ELF64 little-endian files (the executables and libraries of both image architectures),
 * and stripping an executable of what the loader never reads, in plain TypeScript: binutils' strip
 * on macOS cannot read ELF.
 */

/** The fields of an ELF64 header that kxp reads. */
export interface ElfHeader {
  /** e_type: 2 for an executable, 3 for a shared object or position-independent executable. */
  type: number;
  /** e_machine: 62 for x86-64, 183 for AArch64. */
  machine: number;
  phoff: number;
  phentsize: number;
  phnum: number;
  shoff: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

/** One program header (segment). */
export interface ElfSegment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

/** One section header, with its name read from the section name table. */
export interface ElfSection {
  name: string;
  type: number;
  flags: number;
  offset: number;
  size: number;
  link: number;
  info: number;
}

export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
const SHT_STRTAB = 3;
const SHT_RELA = 4;
const SHT_NOBITS = 8;
const SHT_REL = 9;
const SHF_ALLOC = 0x2;
const SHF_INFO_LINK = 0x40;

/** isElf64 tells whether a file starts like an ELF64 little-endian object. */
export function isElf64(file: Buffer): boolean {
  return file.length >= 64 && file.readUInt32BE(0) === 0x7f454c46 && file[4] === 2 && file[5] === 1;
}

/** readElfHeader returns the header of an ELF64 little-endian file, or throws if it is not one. */
export function readElfHeader(file: Buffer): ElfHeader {
  if (!isElf64(file)) throw new Error('cannot read ELF header: not an ELF64 little-endian file');
  return {
    type: file.readUInt16LE(16),
    machine: file.readUInt16LE(18),
    phoff: u64(file, 32),
    phentsize: file.readUInt16LE(54),
    phnum: file.readUInt16LE(56),
    shoff: u64(file, 40),
    shentsize: file.readUInt16LE(58),
    shnum: file.readUInt16LE(60),
    shstrndx: file.readUInt16LE(62),
  };
}

/** elfSegments returns a file's program headers in order. */
export function elfSegments(file: Buffer, h: ElfHeader = readElfHeader(file)): ElfSegment[] {
  if (h.phnum > 0 && h.phentsize !== 56) {
    throw new Error(`cannot read ELF segments: entry size ${h.phentsize}`);
  }
  within(file, h.phoff, h.phnum * 56, 'program header table');
  return Array.from({ length: h.phnum }, (_, i) => {
    const at = h.phoff + i * 56;
    return {
      type: file.readUInt32LE(at),
      offset: u64(file, at + 8),
      vaddr: u64(file, at + 16),
      filesz: u64(file, at + 32),
    };
  });
}

/** elfSections returns a file's section headers in order (empty when it has no section table). */
export function elfSections(file: Buffer, h: ElfHeader = readElfHeader(file)): ElfSection[] {
  if (h.shnum === 0) return [];
  if (h.shentsize !== 64) throw new Error(`cannot read ELF sections: entry size ${h.shentsize}`);
  within(file, h.shoff, h.shnum * 64, 'section header table');
  const raw = Array.from({ length: h.shnum }, (_, i) => {
    const at = h.shoff + i * 64;
    return {
      nameAt: file.readUInt32LE(at),
      type: file.readUInt32LE(at + 4),
      flags: u64(file, at + 8),
      offset: u64(file, at + 24),
      size: u64(file, at + 32),
      link: file.readUInt32LE(at + 40),
      info: file.readUInt32LE(at + 44),
    };
  });
  const names = raw[h.shstrndx];
  if (names) within(file, names.offset, names.size, 'section name table');
  return raw.map(({ nameAt, ...s }) => ({ name: names ? cString(file, names.offset + nameAt) : '', ...s }));
}

/** What stripElf did: the binary to use, and which sections it removed or why it removed none. */
export interface StripResult {
  binary: Buffer;
  removed: string[];
  /** Why the binary is returned unchanged, when its layout is not the simple one stripElf handles. */
  skipped?: string;
}

/**
 * stripElf returns an ELF64 executable or shared object without its non-allocated sections
 * (.debug_*, .symtab, .strtab, .comment…), which the loader never reads. It handles the layout
 * linkers give (those sections after all loaded content and at the end of the section table):
 * it truncates the file there and appends a new .shstrtab and section header table. Any other
 * layout, or a file it cannot read, is returned unchanged with the reason in `skipped`.
 */
export function stripElf(file: Buffer): StripResult {
  let plan: StripPlan | string;
  try {
    plan = stripPlan(file);
  } catch (err) {
    plan = (err as Error).message;
  }
  if (typeof plan === 'string') return { binary: file, removed: [], skipped: plan };
  if (plan.removed.length === 0) return { binary: file, removed: [] };
  return { binary: rewrite(file, plan), removed: plan.removed };
}

interface StripPlan {
  header: ElfHeader;
  /** Sections 0..kept-1 stay, with the same indices. */
  kept: ElfSection[];
  removed: string[];
  /** Where the file is cut: the end of all loaded content. */
  cut: number;
}

/** stripPlan returns what to keep and where to cut, or why the layout is not the simple one. */
function stripPlan(file: Buffer): StripPlan | string {
  const h = readElfHeader(file);
  if (h.type !== 2 && h.type !== 3) return `ELF type ${h.type} is not an executable or shared object`;
  if (h.shnum === 0 || h.shstrndx >= 0xff00) return 'no section table, or extended section numbering';
  const sections = elfSections(file, h);
  const firstDropped = sections.findIndex((s, i) => i > 0 && (s.flags & SHF_ALLOC) === 0);
  if (firstDropped < 0) return { header: h, kept: sections, removed: [], cut: file.length };
  const kept = sections.slice(0, firstDropped);
  const dropped = sections.slice(firstDropped);
  const cut = loadedEnd(file, h, kept);
  const problem = layoutProblem(h, kept, dropped, cut);
  if (problem) return problem;
  const removed = dropped.filter((_, i) => firstDropped + i !== h.shstrndx).map((s) => s.name);
  return { header: h, kept, removed, cut };
}

/** loadedEnd returns the end of everything the loader reads: headers, segments, allocated sections. */
function loadedEnd(file: Buffer, h: ElfHeader, kept: ElfSection[]): number {
  const ends = [64, h.phoff + h.phnum * h.phentsize];
  for (const seg of elfSegments(file, h)) ends.push(seg.offset + seg.filesz);
  for (const s of kept) if (s.type !== SHT_NOBITS) ends.push(s.offset + s.size);
  return Math.max(...ends);
}

/** layoutProblem returns why cutting at `cut` and dropping `dropped` is not safe, if it is not. */
function layoutProblem(
  h: ElfHeader,
  kept: ElfSection[],
  dropped: ElfSection[],
  cut: number,
): string | undefined {
  const late = dropped.find((s) => (s.flags & SHF_ALLOC) !== 0);
  if (late) return `allocated section ${late.name} follows non-allocated ones`;
  if (h.shstrndx < kept.length) return 'the section name table is allocated';
  const inside = dropped.find((s) => s.type !== SHT_NOBITS && s.size > 0 && s.offset < cut);
  if (inside) return `non-allocated section ${inside.name} lies among loaded content`;
  if (h.shoff < cut) return 'the section header table lies among loaded content';
  const linking = kept.find((s) => {
    const infoIsSection = (s.flags & SHF_INFO_LINK) !== 0 || s.type === SHT_REL || s.type === SHT_RELA;
    return s.link >= kept.length || (infoIsSection && s.info >= kept.length);
  });
  if (linking) return `section ${linking.name} refers to a non-allocated section`;
  return undefined;
}

/** rewrite returns the file cut at plan.cut, followed by a new .shstrtab and section header table. */
function rewrite(file: Buffer, plan: StripPlan): Buffer {
  const { header: h, kept, cut } = plan;
  const names = new StringTable();
  const nameAt = kept.map((s, i) => (i === 0 ? 0 : names.add(s.name)));
  const shstrtabName = names.add('.shstrtab');
  const strtab = names.bytes();
  const shoff = align(cut + strtab.length, 8);
  const shnum = kept.length + 1;
  const out = Buffer.allocUnsafe(shoff + shnum * 64);
  file.copy(out, 0, 0, cut);
  strtab.copy(out, cut);
  out.fill(0, cut + strtab.length, shoff);
  kept.forEach((_, i) => {
    file.copy(out, shoff + i * 64, h.shoff + i * 64, h.shoff + (i + 1) * 64);
    out.writeUInt32LE(nameAt[i]!, shoff + i * 64);
  });
  const at = shoff + kept.length * 64;
  out.fill(0, at, at + 64);
  out.writeUInt32LE(shstrtabName, at);
  out.writeUInt32LE(SHT_STRTAB, at + 4);
  out.writeBigUInt64LE(BigInt(cut), at + 24);
  out.writeBigUInt64LE(BigInt(strtab.length), at + 32);
  out.writeBigUInt64LE(1n, at + 48);
  out.writeBigUInt64LE(BigInt(shoff), 40);
  out.writeUInt16LE(shnum, 60);
  out.writeUInt16LE(kept.length, 62);
  return out;
}

/** A string table being built: "\0" first, each distinct name once. */
class StringTable {
  private readonly offsets = new Map<string, number>();
  private readonly parts: Buffer[] = [Buffer.alloc(1)];
  private length = 1;

  add(name: string): number {
    const known = this.offsets.get(name);
    if (known !== undefined) return known;
    const at = this.length;
    const bytes = Buffer.from(`${name}\0`, 'utf8');
    this.parts.push(bytes);
    this.length += bytes.length;
    this.offsets.set(name, at);
    return at;
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** cString returns the NUL-terminated string at an offset. */
export function cString(file: Buffer, at: number): string {
  const end = file.indexOf(0, at);
  return file.toString('utf8', at, end < 0 ? file.length : end);
}

function u64(file: Buffer, at: number): number {
  const v = file.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`cannot read ELF: value at ${at} is too large`);
  return Number(v);
}

function within(file: Buffer, at: number, size: number, what: string): void {
  if (at + size > file.length) throw new Error(`cannot read ELF ${what}: it runs past the end of the file`);
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
