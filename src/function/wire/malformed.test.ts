import { richRequest, richResponse } from '../../../test/fixtures/wire/messages.js';
import { WireError } from './errors.js';
import { decodeCredentials, decodeRunFunctionRequest, encodeRunFunctionRequest } from './messages-request.js';
import { decodeRequirements } from './messages-requirements.js';
import { decodeRunFunctionResponse, encodeRunFunctionResponse } from './messages-response.js';
import { decodeState } from './messages-state.js';
import { decodeStruct } from './struct.js';

/** mulberry32 returns a small seeded PRNG: the same bytes on every run, so a failure reproduces. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const decoders: [string, (b: Uint8Array) => unknown][] = [
  ['RunFunctionRequest', decodeRunFunctionRequest],
  ['RunFunctionResponse', decodeRunFunctionResponse],
  ['State', decodeState],
  ['Credentials', decodeCredentials],
  ['Requirements', decodeRequirements],
  ['google.protobuf.Struct', decodeStruct],
];

/**
 * outcome returns 'ok' or 'WireError' for one decode, and rethrows anything else so the test fails
 * with it. decodeWith turns any error into a WireError as a safety net, so the cause is checked too:
 * a TypeError or RangeError underneath is a bug in the codec, not a verdict on the input.
 */
function outcome(decode: (b: Uint8Array) => unknown, bytes: Uint8Array): 'ok' | 'WireError' {
  try {
    decode(bytes);
    return 'ok';
  } catch (err) {
    if (
      err instanceof WireError &&
      err.message.startsWith('cannot decode ') &&
      err.cause instanceof WireError
    ) {
      return 'WireError';
    }
    throw err;
  }
}

describe('malformed input throws WireError and nothing else', () => {
  it.each(decoders)('%s: random bytes', (_name, decode) => {
    const random = mulberry32(0x6b7870);
    const seen = new Set<string>();
    for (let i = 0; i < 1500; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(random() * 48) }, () => Math.floor(random() * 256));
      seen.add(outcome(decode, bytes));
    }
    expect(seen).toContain('WireError');
  });

  it.each(decoders)('%s: random bytes biased towards valid tags', (_name, decode) => {
    // Tags of low field numbers with every wire type, and small lengths, reach deeper than pure noise.
    const random = mulberry32(42);
    const pick = () => {
      const r = random();
      if (r < 0.4) return (Math.floor(random() * 9) << 3) | Math.floor(random() * 8);
      if (r < 0.7) return Math.floor(random() * 12);
      return Math.floor(random() * 256);
    };
    for (let i = 0; i < 1500; i++) {
      outcome(decode, Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, pick));
    }
  });

  it.each([
    ['RunFunctionRequest', encodeRunFunctionRequest(richRequest()), decodeRunFunctionRequest],
    ['RunFunctionResponse', encodeRunFunctionResponse(richResponse()), decodeRunFunctionResponse],
  ] as const)('%s: every truncation', (_name, bytes, decode) => {
    const seen = new Set<string>();
    for (let len = 0; len < bytes.length; len++) seen.add(outcome(decode, bytes.subarray(0, len)));
    expect(seen).toEqual(new Set(['ok', 'WireError']));
  });

  it.each([
    ['RunFunctionRequest', encodeRunFunctionRequest(richRequest()), decodeRunFunctionRequest],
    ['RunFunctionResponse', encodeRunFunctionResponse(richResponse()), decodeRunFunctionResponse],
  ] as const)('%s: random byte changes', (_name, bytes, decode) => {
    const random = mulberry32(7);
    for (let i = 0; i < 1000; i++) {
      const mutated = Buffer.from(bytes);
      const changes = 1 + Math.floor(random() * 4);
      for (let c = 0; c < changes; c++)
        mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
      outcome(decode, mutated);
    }
  });

  it('skips deeply nested groups without recursion', () => {
    const depth = 100_000;
    const bytes = new Uint8Array(depth * 2);
    bytes.fill(0x7b, 0, depth); // start group, field 15
    bytes.fill(0x7c, depth); // end group, field 15
    expect(decodeRunFunctionRequest(bytes)).toEqual(expect.objectContaining({ credentials: {} }));
  });

  it('rejects a length that claims more than the buffer holds', () => {
    const bytes = Uint8Array.from([0x12, 0xff, 0xff, 0xff, 0xff, 0x07, 0x0a]);
    expect(() => decodeRunFunctionRequest(bytes)).toThrow(
      /length 2147483647 overflows the 1 bytes that remain/,
    );
  });
});
