import { compositionLabelsAnnotation } from './annotations.js';
import { compositionLabelsFrom, compositionSelectorFields } from './selection.js';

describe('compositionSelectorFields', () => {
  it.each([
    {
      name: 'claim',
      kind: 'claim' as const,
      expected: { compositionSelector: { matchLabels: { provider: 'sql' } } },
    },
    {
      name: 'namespaced XR',
      kind: 'xr' as const,
      expected: { crossplane: { compositionSelector: { matchLabels: { provider: 'sql' } } } },
    },
  ])('selects by labels on a $name', ({ kind, expected }) => {
    expect(compositionSelectorFields(kind, { provider: 'sql' })).toEqual(expected);
  });
});

describe('compositionLabelsFrom', () => {
  it.each<{
    name: string;
    input: Record<string, string> | undefined;
    expected: Record<string, string> | undefined;
  }>([
    { name: 'no annotations', input: undefined, expected: undefined },
    { name: 'no such annotation', input: { other: 'x' }, expected: undefined },
    {
      name: 'labels',
      input: { [compositionLabelsAnnotation]: '{"provider":"sql"}' },
      expected: { provider: 'sql' },
    },
    { name: 'not JSON', input: { [compositionLabelsAnnotation]: 'provider=sql' }, expected: undefined },
    { name: 'not an object', input: { [compositionLabelsAnnotation]: '["sql"]' }, expected: undefined },
    { name: 'not strings', input: { [compositionLabelsAnnotation]: '{"replicas":3}' }, expected: undefined },
  ])('$name', ({ input, expected }) => {
    expect(compositionLabelsFrom(input)).toEqual(expected);
  });
});
