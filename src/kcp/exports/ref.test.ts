import { parseExportRef } from './ref.js';

describe('parseExportRef', () => {
  it.each([
    ['root:db:databases', { path: 'root:db', name: 'databases' }],
    ['root:databases', { path: 'root', name: 'databases' }],
  ])('reads %s', (s, expected) => {
    expect(parseExportRef(s)).toEqual(expected);
  });

  it.each(['databases', 'root:db:', ':databases', 'root::databases'])('refuses %j', (s) => {
    expect(() => parseExportRef(s)).toThrow(
      `cannot read export ${JSON.stringify(s)}: give <workspace path>:<name>`,
    );
  });
});
