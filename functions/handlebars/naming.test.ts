import { createHash } from 'node:crypto';
import { dnsLabel, hashLength, maxNameLength, stableName } from './naming.js';

const owner = { uid: '6b2f1e4c-0d7a-4b8e-9f51-3c2a1d0e9b77', namespace: 'team-a', name: 'logs' };
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe('stableName', () => {
  it.each([
    { name: 'the XR name and parts', owner, parts: ['bucket', '0'], expected: 'logs-bucket-0-88ebb054' },
    { name: 'the XR name alone', owner, parts: [], expected: 'logs-60399602' },
    { name: 'text cleaned', owner, parts: ['My_Bucket', ' EU '], expected: 'logs-my-bucket-eu-53b44e59' },
    { name: 'nothing usable', owner: {}, parts: ['***'], expected: '0881a35f' },
    {
      name: 'cut to 63 at a dash',
      owner,
      parts: ['x'.repeat(48), 'more'],
      expected: `logs-${'x'.repeat(48)}-9c1d8f31`,
    },
    {
      name: 'a shorter maximum',
      owner,
      parts: ['a very long part'],
      max: 20,
      expected: 'logs-a-very-ea47d1c4',
    },
  ])('$name', ({ owner: o, parts, max, expected }) => {
    const got = stableName(o, parts, max);
    expect(got).toBe(expected);
    expect(got).toMatch(dns1123Label);
    expect(got.length).toBeLessThanOrEqual(max ?? maxNameLength);
  });

  it('hashes the uid, namespace, name and parts as given', () => {
    const hash = createHash('sha256')
      .update(JSON.stringify([owner.uid, owner.namespace, owner.name, 'bucket', '0']))
      .digest('hex')
      .slice(0, hashLength);
    expect(stableName(owner, ['bucket', '0'])).toBe(`logs-bucket-0-${hash}`);
  });

  it.each([
    { name: 'another uid', other: { ...owner, uid: 'another' }, parts: ['bucket'] },
    { name: 'another namespace', other: { ...owner, namespace: 'team-b' }, parts: ['bucket'] },
    { name: 'parts differing only in cleaned characters', other: owner, parts: ['Bucket'] },
    { name: 'parts joined differently', other: owner, parts: ['buck', 'et'] },
  ])('differs for $name', ({ other, parts }) => {
    expect(stableName(other, parts)).not.toBe(stableName(owner, ['bucket']));
  });

  it.each([7, 64, 1.5])('rejects max %p', (max) => {
    expect(() => stableName(owner, [], max)).toThrow(
      `cannot make a stable name: max must be a whole number from 8 to 63, not ${max}`,
    );
  });
});

describe('dnsLabel', () => {
  it.each([
    ['Hello World', 'hello-world'],
    ['--a__b--', 'a-b'],
    ['ünïcode', 'n-code'],
    ['', ''],
  ])('%p is %p', (text, expected) => {
    expect(dnsLabel(text)).toBe(expected);
  });
});
