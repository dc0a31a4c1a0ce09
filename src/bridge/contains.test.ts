import { contains } from './contains.js';

describe('contains', () => {
  const cases: { name: string; actual: unknown; desired: unknown; expected: boolean }[] = [
    { name: 'equal scalars', actual: 1, desired: 1, expected: true },
    { name: 'different scalars', actual: 'a', desired: 'b', expected: false },
    {
      name: 'defaults added by the server',
      actual: { a: 1, b: { c: 2, d: 3 } },
      desired: { b: { c: 2 } },
      expected: true,
    },
    { name: 'a missing field', actual: { a: 1 }, desired: { b: 1 }, expected: false },
    {
      name: 'arrays element-wise',
      actual: [{ a: 1, x: 0 }, { a: 2 }],
      desired: [{ a: 1 }, { a: 2 }],
      expected: true,
    },
    { name: 'arrays of other length', actual: [{ a: 1 }], desired: [{ a: 1 }, { a: 2 }], expected: false },
    { name: 'an object where an array is wanted', actual: { 0: 1 }, desired: [1], expected: false },
    { name: 'undefined desired members are ignored', actual: {}, desired: { a: undefined }, expected: true },
  ];
  it.each(cases)('$name', ({ actual, desired, expected }) => {
    expect(contains(actual, desired)).toBe(expected);
  });
});
