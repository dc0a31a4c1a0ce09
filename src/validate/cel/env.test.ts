import { isCelList, isCelMap } from '@bufbuild/cel';
import { compileRule, runtimeMessage } from './env.js';
import { kindOf } from './tagged.js';

/** evaluate returns what expr gives with self bound, as plain JS (lists as arrays), or the error's message. */
function evaluate(expr: string, self: unknown = {}): unknown {
  const compiled = compileRule(expr);
  if (!compiled.ok) return `compile: ${compiled.message}`;
  try {
    const r = compiled.program.run({ self });
    return r instanceof Error ? `error: ${runtimeMessage(r)}` : plain(r);
  } catch (err) {
    return `thrown: ${(err as Error).message}`;
  }
}

function plain(v: unknown): unknown {
  if (isCelList(v)) return [...v].map(plain);
  if (isCelMap(v) && !kindOf(v))
    return Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), plain(x)]));
  if (isCelMap(v)) return `<${kindOf(v)}>`;
  return v;
}

describe('the CEL environment', () => {
  it.each<[string, unknown, unknown]>([
    // standard library and macros
    ["self.size != 'huge' || self.replicas <= 3", { size: 'huge', replicas: 5n }, false],
    ['has(self.a) && !has(self.b)', { a: 1n }, true],
    ['self.tags.all(t, t.size() == 1) && self.tags.exists_one(t, t == "a")', { tags: ['a', 'b'] }, true],
    ['self.tags.map(t, t + "x")', { tags: ['a'] }, ['ax']],
    ['self.tags.filter(t, t != "a").size()', { tags: ['a', 'b'] }, 1n],
    ["self.name.matches('^[a-z]+$')", { name: 'abc' }, true],
    ['self.x == 1.0 && self.x < 1.5', { x: 1n }, true],
    ["'a' in self.m", { m: { a: 1n } }, true],
    ["duration('1h') > duration('30m')", {}, true],
    // strings
    ["self.s.lowerAscii().replace('-', '_').split('_')", { s: 'A-B' }, ['a', 'b']],
    ["'%s is %d'.format(['x', 3])", {}, 'x is 3'],
    ["self.s.indexOf('b') == 1 && self.s.substring(1) == 'bc'", { s: 'abc' }, true],
    // lists and sets
    ['[1, 2, 3].isSorted() && [3, 1].sum() == 4 && [2, 5].max() == 5 && [2, 5].min() == 2', {}, true],
    ["['a', 'b', 'a'].indexOf('a') == 0 && ['a', 'b', 'a'].lastIndexOf('a') == 2", {}, true],
    ['lists.range(3)', {}, [0n, 1n, 2n]],
    ['[[1], [2, [3]]].flatten()', {}, [1n, 2n, [3n]]],
    ['[3, 1, 3].distinct().sort().reverse()', {}, [3n, 1n]],
    ['[1, 2, 3].slice(1, 3)', {}, [2n, 3n]],
    [
      'sets.contains([1, 2], [2]) && sets.intersects([1], [1, 3]) && sets.equivalent([1, 2], [2, 1, 1])',
      {},
      true,
    ],
    // regex
    ["'abc 123 def 45'.find('[0-9]+')", {}, '123'],
    ["'abc 123 def 45'.findAll('[0-9]+')", {}, ['123', '45']],
    ["'a1b2c3'.findAll('[0-9]', 2)", {}, ['1', '2']],
    // optional
    ['self.?a.orValue(0) + self.?b.orValue(0)', { a: 1n }, 1n],
    ["self.m[?'k'].hasValue()", { m: { k: 'v' } }, true],
    ['optional.none().or(optional.of(2)).value()', {}, 2n],
    ["optional.ofNonZeroValue('').hasValue()", {}, false],
    ['[1].first().value() == 1 && [].last().hasValue() == false', {}, true],
    // URLs
    ["url('https://user@example.com:8443/a%20b?x=1&x=2').getHostname()", {}, 'example.com'],
    ["url('https://example.com:8443/a').getPort()", {}, '8443'],
    ["url('https://[::1]:80/').getHostname()", {}, '::1'],
    ["url('https://example.com/p?x=1&x=2').getQuery()['x']", {}, ['1', '2']],
    ["isURL('https://example.com') && !isURL('example.com')", {}, true],
    // quantities
    ["quantity('1Gi').isGreaterThan(quantity('1G'))", {}, true],
    ["quantity('1000m') == quantity('1') && quantity('1500m').asApproximateFloat() == 1.5", {}, true],
    ["quantity('2').add(3).asInteger()", {}, 5n],
    ["quantity('1.5').isInteger() || !isQuantity('1.5.5')", {}, true],
    ["quantity('-1k').sign()", {}, -1n],
    // IPs and CIDRs
    ["ip('10.0.0.1').family() == 4 && ip('::1').isLoopback()", {}, true],
    ["cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP(ip('11.0.0.1'))", {}, true],
    ["cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8') && cidr('10.0.0.0/8').prefixLength() == 8", {}, true],
    ["isIP('1.2.3.4') && !isIP('1.2.3') && isCIDR('::/0')", {}, true],
    // formats and semver
    ["format.dns1123Label().validate('ok-name').hasValue()", {}, false],
    ["format.dns1123Label().validate('Not OK').hasValue()", {}, true],
    ["format.named('labelValue').value().validate('x').hasValue()", {}, false],
    ["semver('1.2.3').isLessThan(semver('1.10.0')) && semver('v1.2', true).minor() == 2", {}, true],
    ["semver('1.0.0-alpha').compareTo(semver('1.0.0'))", {}, -1n],
    // runtime errors, as cel-go words them
    ['self.missing == 1', {}, 'error: no such key: missing'],
    ["1 + 'a'", {}, 'error: no such overload'],
    ['[1][3]', {}, 'error: index out of bounds: 3'],
    ['1 / 0', {}, 'error: division by zero'],
  ])('%s', (expr, self, expected) => {
    expect(evaluate(expr, self)).toEqual(expected);
  });

  it.each([
    ['self.tags.all(i, t, t != "")', 'all with two variables'],
    ['self.tags.sortBy(t, t)', 'sortBy'],
    ['authorizer.group("x")', 'authorizer.group'],
    ['self.x.frobnicate()', 'frobnicate'],
  ])('refuses %s, naming %s', (expr, name) => {
    const compiled = compileRule(expr);
    expect(compiled.ok).toBe(false);
    expect(compiled.ok ? '' : compiled.message).toContain(`it calls ${name}, which kxp does not support`);
  });

  it('knows a transition rule', () => {
    const compiled = compileRule('self.a == oldSelf.a');
    expect(compiled.ok && compiled.program.usesOldSelf).toBe(true);
  });

  it('reports a syntax error', () => {
    const compiled = compileRule('self.a ==');
    expect(compiled.ok ? '' : compiled.message).toMatch(/^rule compile error: /);
  });
});
