import { compareDebianVersions, parsePackagesIndex } from './debian-index.js';

describe('parsePackagesIndex', () => {
  it('returns one record per stanza, joining continuation lines', () => {
    const index = [
      'Package: libc6',
      'Version: 2.36-9+deb12u14',
      'Description: GNU C Library: Shared libraries',
      ' Contains the standard libraries.',
      ' .',
      'SHA256: ba4f',
      '',
      'Package: libgcc-s1',
      'Version: 12.2.0-14+deb12u1',
      '',
      '',
    ].join('\n');
    expect(parsePackagesIndex(index)).toEqual([
      {
        Package: 'libc6',
        Version: '2.36-9+deb12u14',
        Description: 'GNU C Library: Shared libraries\nContains the standard libraries.\n.',
        SHA256: 'ba4f',
      },
      { Package: 'libgcc-s1', Version: '12.2.0-14+deb12u1' },
    ]);
  });

  it('rejects a line without a field name', () => {
    expect(() => parsePackagesIndex('Package: x\nnonsense\n')).toThrow(/has no field name/);
  });
});

describe('compareDebianVersions', () => {
  it.each([
    ['2.36-9+deb12u7', '2.36-9+deb12u14'],
    ['12.2.0-14', '12.2.0-14+deb12u1'],
    ['1.0~rc1', '1.0'],
    ['1.0~~', '1.0~~a'],
    ['1.0~~a', '1.0~'],
    ['1.0', '1.0a'],
    ['1.0a', '1.0+'],
    ['1.0-1', '1.0-1.1'],
    ['1.9', '1.10'],
    ['9:1.0', '10:0.1'],
    ['2.0', '1:0.1'],
    ['1.0-2', '1.0-10'],
    ['1.0-rc-1', '1.0-rc-2'],
    ['0.99999999999999999999', '0.100000000000000000000'],
  ])('sorts %s before %s', (a, b) => {
    expect(compareDebianVersions(a, b)).toBeLessThan(0);
    expect(compareDebianVersions(b, a)).toBeGreaterThan(0);
  });

  it.each([
    ['1.0', '1.0'],
    ['1.0', '0:1.0'],
    ['1.0', '1.0-0'],
    ['1.01', '1.1'],
  ])('sorts %s and %s equal', (a, b) => {
    expect(compareDebianVersions(a, b)).toBe(0);
  });
});
