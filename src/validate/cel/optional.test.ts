import { rewriteOptionalSyntax } from './optional.js';

describe('rewriteOptionalSyntax', () => {
  it.each([
    ['self.?a.orValue(1)', "self.kxpOptSelect('a').orValue(1)"],
    ['self.?a.?b', "self.kxpOptSelect('a').kxpOptSelect('b')"],
    ["self.m[?'k']", "self.m.kxpOptIndex('k')"],
    ['self.l[?0].orValue(1) + self.l[1]', 'self.l.kxpOptIndex(0).orValue(1) + self.l[1]'],
    ["self.a ? 'x' : 'y'", "self.a ? 'x' : 'y'"],
    ["'.?a' + self.b", "'.?a' + self.b"],
    ["r'[?x]' == self.c", "r'[?x]' == self.c"],
    ['self.m[?self.k[0]]', 'self.m.kxpOptIndex(self.k[0])'],
  ])('%s', (rule, rewritten) => {
    expect(rewriteOptionalSyntax(rule)).toBe(rewritten);
  });
});
