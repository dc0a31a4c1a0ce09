import { readDocuments } from './documents.js';
import { positionOf } from './positions.js';

describe('readDocuments', () => {
  it('reads YAML as kubectl does: 1.1 booleans and octals, merge keys, timestamps as strings', () => {
    const { documents, malformed } = readDocuments(
      'base: &b {x: 1}\na: yes\nb: 010\nc: 2020-01-01\nd:\n  <<: *b\n  z: 2\n',
      'f.yaml',
    );
    expect(malformed).toEqual([]);
    expect(documents[0]?.value).toEqual({
      base: { x: 1 },
      a: true,
      b: 8,
      c: '2020-01-01',
      d: { x: 1, z: 2 },
    });
  });

  it('reports a document that does not parse with its line and column, and reads the others', () => {
    const { documents, malformed } = readDocuments(
      'a: 1\n---\nb: [1\nc: 2\n---\n# empty\n---\nd: 4\n',
      'f.yaml',
    );
    expect(documents.map((d) => [d.value, d.line, d.index])).toEqual([
      [{ a: 1 }, 1, 0],
      [{ d: 4 }, 8, 3],
    ]);
    expect(malformed).toEqual([
      { file: 'f.yaml', line: 4, column: 1, message: expect.stringMatching(/^cannot parse YAML: /) },
    ]);
  });

  it('reports duplicate keys, which kubectl refuses', () => {
    expect(readDocuments('a: 1\na: 2\n', 'f.yaml').malformed).toEqual([
      expect.objectContaining({ line: 2, message: 'cannot parse YAML: Map keys must be unique' }),
    ]);
  });
});

describe('positionOf', () => {
  const text =
    'apiVersion: v1\nkind: X\nspec:\n  ports:\n    - port: 80\n    - {port: 81, name: b}\n  labels:\n    a.b: c\n';
  const [doc] = readDocuments(text, 'f.yaml').documents;

  it.each<[(string | number)[], { line: number; column: number }]>([
    [['spec'], { line: 3, column: 1 }],
    [['spec', 'ports', 0, 'port'], { line: 5, column: 7 }],
    [['spec', 'ports', 1, 'name'], { line: 6, column: 18 }],
    [['spec', 'ports', 1], { line: 6, column: 7 }],
    [['spec', 'labels', 'a.b'], { line: 8, column: 5 }],
    [['spec', 'missing', 'deeper'], { line: 3, column: 1 }],
    [['spec', 'ports', 7], { line: 4, column: 3 }],
    [[], { line: 1, column: 1 }],
  ])('%j is at %j (or its nearest parent)', (path, pos) => {
    expect(doc && positionOf(doc, path)).toEqual(pos);
  });
});
