import { readFileSync } from 'node:fs';
import { type Arch, arches, archNames } from './arch.js';
import { fromIntegrity } from './download.js';
import { type DebPin, debianPackages } from './pin.js';
import { debPins, nodePins, nodeVersion } from './pins.js';
import { newestPins, renderPins, type SuiteIndex } from './update-pins.js';

describe('pins.ts', () => {
  it('is exactly what update-pins.ts renders from its values (generated, not edited by hand)', () => {
    const text = readFileSync(new URL('./pins.ts', import.meta.url), 'utf8');
    expect(renderPins(nodeVersion, nodePins, debPins)).toBe(text);
  });

  it('pins a Node 24 release', () => {
    expect(nodeVersion).toMatch(/^24\.\d+\.\d+$/);
  });

  it.each(arches)('pins the %s Node package by a sha512 integrity', (arch) => {
    const pin = nodePins[arch];
    expect(pin).toEqual({
      name: archNames(arch).npmPackage,
      version: nodeVersion,
      integrity: expect.any(String),
    });
    const digest = fromIntegrity(pin.integrity);
    expect(digest.algorithm).toBe('sha512');
    expect(digest.hex).toMatch(/^[0-9a-f]{128}$/);
  });

  it.each(arches)('pins each Debian package of the %s system layer once, for that architecture', (arch) => {
    expect(debPins[arch].map((p) => p.package)).toEqual(debianPackages);
    for (const pin of debPins[arch]) {
      expect(pin.arch).toBe(arch);
      expect(pin.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(pin.size).toBeGreaterThan(0);
      const version = pin.version.replace(/^\d+:/, '');
      expect(pin.filename).toMatch(/^pool\/(updates\/)?main\//);
      expect(pin.filename.endsWith(`/${pin.package}_${version}_${arch}.deb`)).toBe(true);
    }
  });
});

describe('newestPins', () => {
  const stanza = (pkg: string, version: string, arch: Arch = 'amd64') => ({
    Package: pkg,
    Version: version,
    Architecture: arch,
    Filename: `pool/main/x/${pkg}_${version}_${arch}.deb`,
    SHA256: 'a'.repeat(64),
    Size: '10',
  });
  const indexes: SuiteIndex[] = [
    {
      archive: 'debian',
      suite: 'bookworm',
      stanzas: [stanza('libc6', '2.36-9+deb12u14'), stanza('libx', '1.0-1')],
    },
    { archive: 'debian', suite: 'bookworm-updates', stanzas: [stanza('libx', '1.0-1+deb12u1')] },
    {
      archive: 'debian-security',
      suite: 'bookworm-security',
      stanzas: [stanza('libc6', '2.36-9+deb12u7'), stanza('libc6', '2.36-9+deb12u99', 'arm64')],
    },
  ];

  it('takes the newest version of each package across suites, for the architecture asked', () => {
    const pins = newestPins(indexes, ['libc6', 'libx'], 'amd64');
    expect(pins.map((p: DebPin) => [p.package, p.version, p.archive])).toEqual([
      ['libc6', '2.36-9+deb12u14', 'debian'],
      ['libx', '1.0-1+deb12u1', 'debian'],
    ]);
    expect(pins[0]).toEqual({
      package: 'libc6',
      version: '2.36-9+deb12u14',
      arch: 'amd64',
      archive: 'debian',
      filename: 'pool/main/x/libc6_2.36-9+deb12u14_amd64.deb',
      sha256: 'a'.repeat(64),
      size: 10,
    });
  });

  it('takes the security archive when its version is newer', () => {
    expect(newestPins(indexes, ['libc6'], 'arm64')[0]?.archive).toBe('debian-security');
  });

  it('rejects a package no index lists', () => {
    expect(() => newestPins(indexes, ['libnothing'], 'amd64')).toThrow(
      /cannot pin Debian package libnothing/,
    );
  });
});
