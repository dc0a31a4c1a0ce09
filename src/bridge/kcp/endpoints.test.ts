import { endpointChange, endpointURLs } from './endpoints.js';

describe('endpointURLs', () => {
  it.each([
    { name: 'no slice', input: undefined, expected: [] },
    { name: 'no status', input: {}, expected: [] },
    {
      name: 'distinct, sorted, without trailing slash',
      input: {
        status: { endpoints: [{ url: 'https://b/x/' }, { url: 'https://a/x' }, { url: 'https://b/x' }, {}] },
      },
      expected: ['https://a/x', 'https://b/x'],
    },
  ])('$name', ({ input, expected }) => {
    expect(endpointURLs(input)).toEqual(expected);
  });
});

describe('endpointChange', () => {
  it.each([
    { name: 'first endpoints', served: [], wanted: ['a'], expected: { added: ['a'], removed: [] } },
    { name: 'a shard joins', served: ['a'], wanted: ['a', 'b'], expected: { added: ['b'], removed: [] } },
    { name: 'a shard leaves', served: ['a', 'b'], wanted: ['b'], expected: { added: [], removed: ['a'] } },
    { name: 'nothing changes', served: ['a'], wanted: ['a'], expected: { added: [], removed: [] } },
  ])('$name', ({ served, wanted, expected }) => {
    expect(endpointChange(served, wanted)).toEqual(expected);
  });
});
