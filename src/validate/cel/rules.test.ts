import type { SchemaNode } from '../../bridge/schema/types.js';
import { checkRules, type Rule, withFieldPath } from './rules.js';

/** schemaWith returns a resource schema whose spec has the given rules and these fields. */
function schemaWith(rules: Rule[], root: Rule[] = []): SchemaNode {
  return {
    type: 'object',
    'x-kubernetes-validations': root,
    properties: {
      metadata: { type: 'object' },
      spec: {
        type: 'object',
        'x-kubernetes-validations': rules,
        properties: {
          a: { type: 'integer' },
          name: { type: 'string' },
          when: { type: 'string', format: 'date-time' },
          timeout: { type: 'string', format: 'duration' },
          ratio: { type: 'number' },
          items: {
            type: 'array',
            items: {
              type: 'object',
              'x-kubernetes-validations': [{ rule: "self.name != 'bad'" }],
              properties: { name: { type: 'string' } },
            },
          },
          labels: {
            type: 'object',
            additionalProperties: {
              type: 'string',
              'x-kubernetes-validations': [{ rule: 'self.size() < 3' }],
            },
          },
        },
      },
    },
  };
}

function found(rules: Rule[], spec: Record<string, unknown>, root: Rule[] = [], name = 'p1'): string[] {
  return checkRules(
    { metadata: { name, namespace: 'x', labels: { a: 'b' } }, spec },
    schemaWith(rules, root),
  ).map((p) => `${p.field} | ${p.message}`);
}

describe('checkRules', () => {
  it.each<{ name: string; rules: Rule[]; spec: Record<string, unknown>; expected: string[] }>([
    { name: 'a rule that holds', rules: [{ rule: 'self.a > 0' }], spec: { a: 1 }, expected: [] },
    {
      name: 'a false rule without a message',
      rules: [{ rule: 'self.a > 0' }],
      spec: { a: 0 },
      expected: ['spec | spec: Invalid value: failed rule: self.a > 0'],
    },
    {
      name: 'a false rule with a message',
      rules: [{ rule: 'self.a > 0', message: ' a must be positive ' }],
      spec: { a: 0 },
      expected: ['spec | spec: Invalid value: a must be positive'],
    },
    {
      name: 'a messageExpression',
      rules: [{ rule: 'self.a > 0', message: 'm', messageExpression: "'a is ' + string(self.a)" }],
      spec: { a: -2 },
      expected: ['spec | spec: Invalid value: a is -2'],
    },
    {
      name: 'a messageExpression that fails falls back to the message',
      rules: [{ rule: 'self.a > 0', message: 'm', messageExpression: 'self.missing' }],
      spec: { a: -2 },
      expected: ['spec | spec: Invalid value: m'],
    },
    {
      name: 'a messageExpression giving an empty string falls back to the default',
      rules: [{ rule: 'self.a > 0', messageExpression: "''" }],
      spec: { a: -2 },
      expected: ['spec | spec: Invalid value: failed rule: self.a > 0'],
    },
    {
      name: 'a fieldPath and a reason',
      rules: [{ rule: 'self.a > 0', fieldPath: '.a', reason: 'FieldValueForbidden', message: 'no' }],
      spec: { a: 0 },
      expected: ['spec.a | spec.a: Forbidden: no'],
    },
    {
      name: 'reason Required',
      rules: [{ rule: 'has(self.name)', reason: 'FieldValueRequired', message: 'name it' }],
      spec: {},
      expected: ['spec | spec: Required value: name it'],
    },
    {
      name: 'a transition rule, skipped on create',
      rules: [{ rule: 'self.a == oldSelf.a' }],
      spec: { a: 1 },
      expected: [],
    },
    {
      name: 'optionalOldSelf sees optional.none()',
      rules: [{ rule: '!oldSelf.hasValue() && self.a == 2', optionalOldSelf: true }],
      spec: { a: 1 },
      expected: ['spec | spec: Invalid value: failed rule: !oldSelf.hasValue() && self.a == 2'],
    },
    {
      name: 'a field that is not there',
      rules: [{ rule: 'self.name.size() > 0', message: 'named' }],
      spec: {},
      expected: ['spec | spec: Invalid value: "object": no such key: name evaluating rule: named'],
    },
    {
      name: 'operands that match no overload',
      rules: [{ rule: "self.a + 'x' == 'y'" }],
      spec: { a: 1 },
      expected: [
        "spec | spec: Invalid value: \"object\": 'no such overload': call arguments did not match a supported operator, function or macro signature for rule: self.a + 'x' == 'y'",
      ],
    },
    {
      name: 'date-time fields are timestamps, durations durations, numbers doubles',
      rules: [
        {
          rule: "self.when > timestamp('2020-01-01T00:00:00Z') && self.timeout == duration('90s') && self.ratio == 2.0",
        },
      ],
      spec: { when: '2021-06-01T00:00:00Z', timeout: '1m30s', ratio: 2 },
      expected: [],
    },
    {
      name: 'rules of list items, at each item',
      rules: [],
      spec: { items: [{ name: 'ok' }, { name: 'bad' }] },
      expected: ["spec.items[1] | spec.items[1]: Invalid value: failed rule: self.name != 'bad'"],
    },
    {
      name: 'rules of map values, at each key written [key]',
      rules: [],
      spec: { labels: { a: 'x', b: 'long' } },
      expected: ['spec.labels[b] | spec.labels[b]: Invalid value: "long": failed rule: self.size() < 3'],
    },
    {
      name: 'a rule calling an unsupported function',
      rules: [{ rule: 'self.items.all(i, x, x.name != "")' }],
      spec: { items: [] },
      expected: [
        'spec | spec: Invalid value: "object": kxp validate cannot evaluate this rule: it calls all with two variables, which kxp does not support (kxp validate --help lists what it does)',
      ],
    },
  ])('$name', ({ rules, spec, expected }) => {
    expect(found(rules, spec)).toEqual(expected);
  });

  it('evaluates root rules with metadata name only, reported at <nil>', () => {
    const rule = { rule: "self.metadata.name.startsWith('p') && !has(self.metadata.labels)", message: 'p' };
    expect(found([], {}, [rule], 'p1')).toEqual([]);
    expect(found([], {}, [rule], 'q1')).toEqual([' | <nil>: Invalid value: p']);
  });
});

describe('withFieldPath', () => {
  it.each([
    ['.a', 'spec.a', ['spec', 'a']],
    [".labels['x.y']", 'spec.labels.x.y', ['spec', 'labels', 'x.y']],
    ['.items[1].name', 'spec.items[1].name', ['spec', 'items', 1, 'name']],
  ])('%s', (fieldPath, field, path) => {
    expect(withFieldPath({ path: ['spec'], field: 'spec' }, fieldPath)).toEqual({ field, path });
  });
});
