import {
  at,
  fieldOf,
  goFloat,
  invalid,
  notSupported,
  OMIT,
  render,
  required,
  tooLong,
  tooMany,
} from './messages.js';

describe('fieldOf', () => {
  it.each<[(string | number)[], string]>([
    [[], ''],
    [['spec'], 'spec'],
    [['spec', 'tags', 0, 'name'], 'spec.tags[0].name'],
    [['spec', 'labels', 'a.b'], 'spec.labels.a.b'],
  ])('%j is %s', (segments, field) => {
    expect(fieldOf(segments)).toBe(field);
  });
});

describe('render and goFloat', () => {
  it.each<[unknown, string]>([
    ['a"b', '"a\\"b"'],
    [3, '3'],
    [0.5, '0.5'],
    [0.00001, '1e-05'],
    [1234567.5, '1.2345675e+06'],
    [true, 'true'],
    [{ a: 1 }, '{"a":1}'],
    [null, 'null'],
  ])('%j renders as %s', (v, text) => {
    expect(render(v)).toBe(text);
  });

  it.each<[number, string]>([
    [1, '1'],
    [100, '100'],
    [1000000, '1e+06'],
    [0.5, '0.5'],
    [123456, '123456'],
  ])('goFloat(%d) is %s', (n, text) => {
    expect(goFloat(n)).toBe(text);
  });
});

describe('messages', () => {
  const w = at(['spec', 'size']);
  it.each([
    [required('schema', w), 'spec.size: Required value'],
    [required('cel', w, 'seven'), 'spec.size: Required value: seven'],
    [invalid('schema', w, 0, 'too small'), 'spec.size: Invalid value: 0: too small'],
    [invalid('cel', w, OMIT, 'failed rule: x'), 'spec.size: Invalid value: failed rule: x'],
    [
      notSupported('schema', w, 'huge', ['small', 1]),
      'spec.size: Unsupported value: "huge": supported values: "small", "1"',
    ],
    [tooLong('schema', w, 1), 'spec.size: Too long: may not be more than 1 byte'],
    [tooMany('schema', w, 3, 2), 'spec.size: Too many: 3: must have at most 2 items'],
    [invalid('cel', at([]), OMIT, 'x'), '<nil>: Invalid value: x'],
  ])('%#', (p, message) => {
    expect(p.message).toBe(message);
  });
});
