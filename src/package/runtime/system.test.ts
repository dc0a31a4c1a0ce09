import { keepFromDeb } from './system.js';

describe('keepFromDeb', () => {
  it.each([
    ['amd64', 'libc6', 'lib/x86_64-linux-gnu/libc.so.6', true],
    ['amd64', 'libc6', 'lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', true],
    ['amd64', 'libc6', 'lib64/ld-linux-x86-64.so.2', true],
    ['amd64', 'libc6', 'lib/x86_64-linux-gnu/libm.so.6', true],
    ['amd64', 'libc6', 'lib/x86_64-linux-gnu/libdl.so.2', true],
    ['amd64', 'libc6', 'lib/x86_64-linux-gnu/libpthread.so.0', true],
    ['amd64', 'libc6', 'lib/x86_64-linux-gnu/libresolv.so.2', false],
    ['amd64', 'libc6', 'lib/x86_64-linux-gnu/libnss_files.so.2', false],
    ['amd64', 'libc6', 'usr/lib/x86_64-linux-gnu/gconv/UTF-16.so', false],
    ['amd64', 'libc6', 'etc/ld.so.conf.d/x86_64-linux-gnu.conf', false],
    ['amd64', 'libc6', 'usr/share/doc/libc6/copyright', true],
    ['amd64', 'libc6', 'usr/share/doc/libc6/NEWS.gz', false],
    ['amd64', 'libc6', 'usr/share/doc/libgcc-s1/copyright', false],
    ['amd64', 'libstdc++6', 'usr/lib/x86_64-linux-gnu/libstdc++.so.6', true],
    ['amd64', 'libstdc++6', 'usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30', true],
    [
      'amd64',
      'libstdc++6',
      'usr/share/gdb/auto-load/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30-gdb.py',
      false,
    ],
    ['amd64', 'libstdc++6', 'usr/share/doc/libstdc++6', true],
    ['amd64', 'libgcc-s1', 'lib/x86_64-linux-gnu/libgcc_s.so.1', true],
    ['amd64', 'libgcc-s1', 'lib/aarch64-linux-gnu/libgcc_s.so.1', false],
    ['arm64', 'libgcc-s1', 'lib/aarch64-linux-gnu/libgcc_s.so.1', true],
    ['arm64', 'libc6', 'lib/ld-linux-aarch64.so.1', true],
    ['arm64', 'libc6', 'lib/aarch64-linux-gnu/ld-linux-aarch64.so.1', true],
    ['arm64', 'gcc-12-base', 'usr/share/doc/gcc-12-base/copyright', true],
    ['arm64', 'gcc-12-base', 'usr/share/doc/gcc-12-base/changelog.Debian.gz', false],
  ] as const)('%s %s: keeps %s: %s', (arch, pkg, path, kept) => {
    expect(keepFromDeb(arch, pkg)(path)).toBe(kept);
  });
});
