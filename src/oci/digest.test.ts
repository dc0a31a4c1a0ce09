import { digestHex, isDigest, sha256Digest } from './digest.js';

describe('sha256Digest', () => {
  it.each([
    {
      name: 'empty',
      input: '',
      expected: 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    },
    {
      name: 'string as UTF-8',
      input: 'abc',
      expected: 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    },
    {
      name: 'buffer',
      input: Buffer.from('abc'),
      expected: 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    },
  ])('$name', ({ input, expected }) => {
    expect(sha256Digest(input)).toBe(expected);
  });
});

describe('digestHex', () => {
  it('returns the hex of a digest', () => {
    expect(digestHex(sha256Digest(''))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it.each(['sha256:abc', `sha512:${'a'.repeat(64)}`, 'a'.repeat(64), `sha256:${'A'.repeat(64)}`])(
    'rejects %s',
    (input) => {
      expect(isDigest(input)).toBe(false);
      expect(() => digestHex(input)).toThrow(
        /cannot read digest .*: it is not sha256:<64 lowercase hex digits>/,
      );
    },
  );
});
