/**
 * What an ELF file needs from the dynamic loader: the interpreter it names and the libraries in
 * its DT_NEEDED entries. Read from program headers only, so it works on stripped files.
 */
import {
  cString,
  type ElfSegment,
  elfSegments,
  PT_DYNAMIC,
  PT_INTERP,
  PT_LOAD,
  readElfHeader,
} from './elf.js';

/** The loader and libraries an executable or library asks for. */
export interface ElfDependencies {
  /** The absolute path in PT_INTERP ("/lib64/ld-linux-x86-64.so.2"); undefined for libraries. */
  interpreter?: string;
  /** The DT_NEEDED names ("libc.so.6"), in order. */
  needed: string[];
}

const DT_NULL = 0n;
const DT_NEEDED = 1n;
const DT_STRTAB = 5n;

/** elfDependencies returns the interpreter and needed libraries of an ELF64 little-endian file. */
export function elfDependencies(file: Buffer): ElfDependencies {
  const segments = elfSegments(file, readElfHeader(file));
  const interp = segments.find((s) => s.type === PT_INTERP);
  const deps: ElfDependencies = { needed: [] };
  if (interp) deps.interpreter = cString(file, interp.offset);
  const dynamic = segments.find((s) => s.type === PT_DYNAMIC);
  if (!dynamic) return deps;
  const needed: number[] = [];
  let strtab: number | undefined;
  for (let at = dynamic.offset; at + 16 <= dynamic.offset + dynamic.filesz; at += 16) {
    const tag = file.readBigInt64LE(at);
    if (tag === DT_NULL) break;
    const value = Number(file.readBigUInt64LE(at + 8));
    if (tag === DT_NEEDED) needed.push(value);
    if (tag === DT_STRTAB) strtab = value;
  }
  if (needed.length === 0) return deps;
  if (strtab === undefined) throw new Error('cannot read ELF dependencies: DT_NEEDED without DT_STRTAB');
  const strtabAt = fileOffset(segments, strtab);
  deps.needed = needed.map((n) => cString(file, strtabAt + n));
  return deps;
}

/** fileOffset returns where a virtual address of a loaded segment lies in the file. */
function fileOffset(segments: ElfSegment[], vaddr: number): number {
  const load = segments.find((s) => s.type === PT_LOAD && vaddr >= s.vaddr && vaddr < s.vaddr + s.filesz);
  if (!load) {
    const address = `0x${vaddr.toString(16)}`;
    throw new Error(`cannot read ELF dependencies: address ${address} is not loaded from the file`);
  }
  return vaddr - load.vaddr + load.offset;
}
