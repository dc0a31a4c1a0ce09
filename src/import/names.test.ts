import {
  aKind,
  docComment,
  literal,
  pascalCase,
  propertyKey,
  stringLiteral,
  typeName,
  unionMembers,
  versionSuffix,
} from './names.js';

describe('names', () => {
  it.each([
    ['spec', 'Spec'],
    ['writeConnectionSecretToRef', 'WriteConnectionSecretToRef'],
    ['x-kubernetes_id', 'XKubernetesId'],
    ['PostgreSQL', 'PostgreSQL'],
    ['--', ''],
  ])('pascalCase(%j) is %j', (name, expected) => {
    expect(pascalCase(name)).toBe(expected);
  });

  it.each([
    ['v1', 'V1'],
    ['v1beta1', 'V1Beta1'],
    ['v2alpha3', 'V2Alpha3'],
    ['v1-preview', 'V1Preview'],
  ])('versionSuffix(%j) is %j', (version, expected) => {
    expect(versionSuffix(version)).toBe(expected);
  });

  it.each([
    ['PostgreSQLInstance', '', 'PostgreSQLInstance'],
    ['PostgreSQLInstance', 'V1Beta1', 'PostgreSQLInstanceV1Beta1'],
    ['web-app', '', 'WebApp'],
    ['3Scale', '', undefined],
  ])('typeName(%j, %j) is %j', (kind, suffix, expected) => {
    expect(typeName(kind, suffix)).toBe(expected);
  });

  it.each([
    ['Database', 'a Database'],
    ['AppConfig', 'an AppConfig'],
  ])('aKind(%j) is %j', (kind, expected) => {
    expect(aKind(kind)).toBe(expected);
  });

  it.each([
    ['name', 'name'],
    ['$ref', '$ref'],
    ['dashed-name', "'dashed-name'"],
    ['x.y', "'x.y'"],
    ['1st', "'1st'"],
  ])('propertyKey(%j) is %s', (name, expected) => {
    expect(propertyKey(name)).toBe(expected);
  });

  it.each([
    ['UTF8', "'UTF8'"],
    ["it's", `"it's"`],
    [`both ' and "`, `'both \\' and "'`],
    ['back\\slash\nnewline', "'back\\\\slash\\nnewline'"],
  ])('stringLiteral(%j) is %s', (s, expected) => {
    expect(stringLiteral(s)).toBe(expected);
  });

  it.each([
    ['UTF8', "'UTF8'"],
    [10, '10'],
    [false, 'false'],
    [null, 'null'],
    [{}, '{}'],
    [{ encoding: 'UTF8', connectionLimit: 10 }, "{ connectionLimit: 10, encoding: 'UTF8' }"],
    [['a', { 'x-y': [] }], "['a', { 'x-y': [] }]"],
  ])('literal(%j) is %s', (v, expected) => {
    expect(literal(v)).toBe(expected);
  });

  it.each([
    ['string', ['string']],
    ["'a' | 'b|c' | null", ["'a'", "'b|c'", 'null']],
    ['{ [key: string]: number | string } | null', ['{ [key: string]: number | string }', 'null']],
    ['(number | string)[]', ['(number | string)[]']],
    [`"it's|" | 'x'`, [`"it's|"`, "'x'"]],
  ])('unionMembers(%j)', (type, expected) => {
    expect(unionMembers(type)).toEqual(expected);
  });

  describe('docComment', () => {
    it('writes nothing when there is nothing to say', () => {
      expect(docComment([undefined, '', '  '])).toEqual([]);
    });

    it('writes a short paragraph on one line', () => {
      expect(docComment(['Name of the Secret.'], '  ')).toEqual(['  /** Name of the Secret. */']);
    });

    it('writes paragraphs apart, keeps lines, trims their ends and breaks up */', () => {
      expect(docComment(['First line.  \nSecond ends */ here.', '@default 1'])).toEqual([
        '/**',
        ' * First line.',
        ' * Second ends *\\/ here.',
        ' *',
        ' * @default 1',
        ' */',
      ]);
    });

    it('writes a long line in a block', () => {
      const long = 'x'.repeat(105);
      expect(docComment([long])).toEqual(['/**', ` * ${long}`, ' */']);
    });
  });
});
