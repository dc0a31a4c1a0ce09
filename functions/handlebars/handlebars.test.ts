import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { HandlerContext } from '../../src/function/sdk/index.js';
import { expectResponse, loadCase, type RunOptions, runFunction } from '../../src/function/sdk/testing.js';
import handlebars, { handlebarsFunction, inputApiVersion, inputKind, type Limits } from './index.js';

const testdata = join(import.meta.dirname, 'testdata');

/** fixture returns the case in testdata/name, with connection-details.yaml and desired-xr.yaml, which loadCase does not read. */
async function fixture(name: string): Promise<{ options: RunOptions; expected: string }> {
  const dir = join(testdata, name);
  const c = await loadCase(dir);
  const details = await readFile(join(dir, 'connection-details.yaml'), 'utf8').catch(() => undefined);
  if (details !== undefined) c.options.observedConnectionDetails = parse(details);
  const desiredXr = await readFile(join(dir, 'desired-xr.yaml'), 'utf8').catch(() => undefined);
  if (desiredXr !== undefined) c.options.desiredXr = desiredXr;
  if (c.expected === undefined) throw new Error(`cannot run case ${name}: it has no expected.yaml`);
  return { options: c.options, expected: c.expected };
}

const templates = (fields: object): object => ({ apiVersion: inputApiVersion, kind: inputKind, ...fields });
const inline = (template: string, fields: object = {}): object => templates({ template, ...fields });

/** configMap returns a ConfigMap document named cm whose data is the given YAML lines. */
const configMap = (data: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    handlebars.fn.kxp.dev/composition-resource-name: cm\ndata:\n${data}`;

const xr =
  'apiVersion: example.kxp.dev/v1alpha1\nkind: XApp\nmetadata: {name: app, uid: 1b4e28ba-2fa1-11d2-883f-0016d3cca427}';
/** deeplyNested returns {a: {a: ...}} levels deep. */
function deeplyNested(levels: number): object {
  let value: object = {};
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

const earlier = {
  earlier: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-an-earlier-step' } },
};

describe('YAML cases', () => {
  it.each(['readme', 'helpers', 'named-templates', 'every-template', 'meta-documents', 'readiness'])(
    '%s',
    async (name) => {
      const { options, expected } = await fixture(name);
      expectResponse(await runFunction(handlebars, options), expected);
    },
  );
});

interface FatalCase {
  name: string;
  input: object;
  /** xr is the observed XR, when the case needs its own. */
  xr?: object;
  limits?: Partial<Limits>;
  reason: string;
  message: string | RegExp;
}

const fatalCases: FatalCase[] = [
  // The input.
  {
    name: 'both template and templates',
    input: inline('x: 1', { templates: { a: 'b: 2' } }),
    reason: 'InvalidFunctionInput',
    message: 'cannot validate function input: give exactly one of template (inline) and templates (named)',
  },
  {
    name: 'an entrypoint that is not a template',
    input: templates({ templates: { a: '' }, entrypoint: 'b' }),
    reason: 'InvalidFunctionInput',
    message: 'cannot validate function input: entrypoint: "b" is not one of templates',
  },
  {
    name: 'a partial named like a template',
    input: inline('x', { partials: { inline: 'y' } }),
    reason: 'InvalidFunctionInput',
    message: 'cannot validate function input: partials.inline: a template has the same name',
  },
  {
    name: 'a name with a space',
    input: templates({ templates: { 'bad name': '' } }),
    reason: 'InvalidFunctionInput',
    message:
      'cannot validate function input: templates["bad name"]: a name is letters, digits, ".", "_" and "-", starts with a letter or digit, and is at most 253 characters',
  },
  {
    name: 'a misspelt field',
    input: inline('x', { partial: {} }),
    reason: 'InvalidFunctionInput',
    message: 'cannot validate function input: Unrecognized key: "partial"',
  },
  // Compiling.
  {
    name: 'a syntax error',
    input: inline('apiVersion: v1\n{{#each x}\n'),
    reason: 'CompileError',
    message: `cannot compile template "inline": line 2: syntax error near "...ersion: v1{{#each x}": expecting 'CLOSE_RAW_BLOCK', 'CLOSE', 'CLOSE_UNESCAPED', 'OPEN_SEXPR', …, got 'INVALID'`,
  },
  {
    name: 'a syntax error in a partial',
    input: inline('{{> broken}}', { partials: { broken: 'a: 1\n\n{{/if}}' } }),
    reason: 'CompileError',
    message: `cannot compile template "broken": line 3: syntax error near "a: 1{{/if}}": expecting 'EOF', got 'OPEN_ENDBLOCK'`,
  },
  {
    name: 'mismatched blocks',
    input: inline('a: 1\n{{#each x}}\n{{/with}}'),
    reason: 'CompileError',
    message: `cannot compile template "inline": line 2: each doesn't match with`,
  },
  {
    name: 'an unknown helper',
    input: inline('a: {{exec "ls"}}'),
    reason: 'CompileError',
    message: `cannot compile template "inline": line 1: there is no helper "exec": templates call only kxp's helpers`,
  },
  {
    name: 'calling a field as a helper',
    input: inline('a: 1\nb: {{observed.composite.toString 1}}'),
    reason: 'CompileError',
    message: `cannot compile template "inline": line 2: there is no helper "observed.composite.toString": templates call only kxp's helpers`,
  },
  {
    name: 'an inline partial',
    input: inline('a: 1\n{{#*inline "p"}}x{{/inline}}'),
    reason: 'CompileError',
    message: `cannot compile template "inline": line 2: decorators such as {{#*inline}} are not supported: declare partials under the input's partials`,
  },
  {
    name: 'a missing partial',
    input: inline('a: 1\n\n{{> nope}}'),
    reason: 'CompileError',
    message:
      'cannot compile template "inline": line 3: the partial "nope" is not defined: name it under partials or templates',
  },
  // Rendering.
  {
    name: 'a helper failing in a partial',
    input: inline('{{> p}}', { partials: { p: 'ok: 1\nx: {{b64dec "%%%"}}' } }),
    reason: 'RenderError',
    message: 'cannot render template "p": line 2: cannot decode base64 in b64dec: the value is not base64',
  },
  {
    name: 'fromYaml of malformed YAML',
    input: inline('a: 1\nb: {{#with (fromYaml "x: [")}}{{/with}}'),
    reason: 'RenderError',
    message:
      'cannot render template "inline": line 2: cannot parse YAML in fromYaml: line 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
  },
  {
    name: 'a missing field in strict mode',
    input: inline('a: 1\nb: {{observed.missing.field}}', { strict: true }),
    reason: 'RenderError',
    message: 'cannot render template "inline": line 2: "field" not defined in undefined',
  },
  {
    name: 'including an unknown partial',
    input: inline('a: {{include "nope"}}'),
    reason: 'RenderError',
    message:
      'cannot render template "inline": line 1: cannot include "nope": there is no template or partial of that name',
  },
  {
    name: 'an unknown dynamic partial',
    input: inline('a: {{> (concat "no" "pe")}}'),
    reason: 'RenderError',
    message: 'cannot render template "inline": The partial nope could not be found',
  },
  {
    name: '#each without a list',
    input: inline('a: 1\n{{#each}}x{{/each}}'),
    reason: 'RenderError',
    message:
      'cannot render template "inline": line 2: cannot iterate: #each takes one list or object, as in {{#each items}}',
  },
  // Hostile templates: each stops at a limit.
  {
    name: 'a runaway loop',
    input: inline(
      '{{#each (range 10000)}}\n{{#each (range 10000)}}{{#each (range 10000)}}{{/each}}{{/each}}{{/each}}',
    ),
    limits: { timeoutMs: 100 },
    reason: 'LimitExceeded',
    message: 'cannot render template "inline": line 2: rendering took longer than 100ms',
  },
  {
    name: 'partials fanning out',
    input: inline('{{> p0}}', {
      partials: Object.fromEntries(
        Array.from({ length: 12 }, (_, i) => [`p${i}`, i === 11 ? 'x' : `{{> p${i + 1}}}`.repeat(10)]),
      ),
    }),
    limits: { timeoutMs: 100 },
    reason: 'LimitExceeded',
    // The template that notices the time is up is whichever was rendering then (nearly always a
    // partial p9 or p10; on a loaded machine the time can be up before inline starts).
    message: /^cannot render template "(p\d+|inline)": rendering took longer than 100ms$/,
  },
  {
    name: 'a partial including itself',
    input: inline('a: {{> rec}}', { partials: { rec: '{{> rec}}' } }),
    reason: 'LimitExceeded',
    message:
      'cannot render template "rec": partials nest deeper than 16 (inline > rec > … > rec > rec > rec): does a partial include itself?',
  },
  {
    name: 'partials including each other',
    input: inline('a: {{include "ping"}}', {
      partials: { ping: 'x{{include "pong"}}', pong: 'y\n{{include "ping"}}' },
    }),
    reason: 'LimitExceeded',
    message:
      'cannot render template "ping": line 1: partials nest deeper than 16 (inline > ping > … > pong > ping > pong): does a partial include itself?',
  },
  {
    name: 'enormous output',
    input: inline(`{{#each (range 10000)}}{{#each (range 10000)}}${'x'.repeat(64)}{{/each}}{{/each}}`),
    reason: 'LimitExceeded',
    message:
      'cannot render template "inline": line 1: the output is longer than the limit of 8388608 characters',
  },
  {
    name: 'a huge range',
    input: inline('a: {{#each (range 100000000)}}{{/each}}'),
    reason: 'LimitExceeded',
    message:
      'cannot render template "inline": line 1: a range of 100000000 items is more than the limit of 10000',
  },
  {
    name: 'a huge template',
    input: inline('a'.repeat(256 * 1024 + 1)),
    reason: 'LimitExceeded',
    message:
      'cannot render template: the templates and partials are 262145 characters, more than the limit of 262144',
  },
  {
    name: 'blocks nested 5,000 deep',
    input: inline(`a: 1\n${'{{#if a}}'.repeat(5_000)}${'{{/if}}'.repeat(5_000)}`),
    reason: 'CompileError',
    message: 'cannot compile template "inline": line 2: blocks or subexpressions nest deeper than 32',
  },
  {
    name: 'subexpressions nested deeply',
    input: inline(`a: 1\nb: {{json ${'(json '.repeat(40)}1${')'.repeat(40)}}}`),
    reason: 'CompileError',
    message: 'cannot compile template "inline": line 2: blocks or subexpressions nest deeper than 32',
  },
  {
    name: 'rendered YAML nested 10,000 deep',
    input: inline(`a: {{#each (range 10000)}}[{{/each}}{{#each (range 10000)}}]{{/each}}`),
    reason: 'YAMLError',
    message: `cannot parse rendered YAML: rendered line 1 of template "inline": collections nest deeper than 100 in "a: ${'['.repeat(117)}…"`,
  },
  {
    name: 'rendered YAML indented 150 levels deep',
    input: inline('{{#each (range 150)}}\n{{indent this "a:"}}\n{{/each}}'),
    reason: 'YAMLError',
    message: `cannot parse rendered YAML: rendered line 101 of template "inline": collections nest deeper than 100 in "${' '.repeat(100)}a:"`,
  },
  {
    name: 'fromYaml of deeply nested YAML',
    input: inline(`a: {{#with (fromYaml "${'['.repeat(200)}${']'.repeat(200)}")}}x{{/with}}`),
    reason: 'RenderError',
    message:
      'cannot render template "inline": line 1: cannot parse YAML in fromYaml: line 1: collections nest deeper than 100',
  },
  {
    name: 'fromJson of deeply nested JSON',
    input: inline(`a: 1\nb: {{#with (fromJson "${'['.repeat(200)}${']'.repeat(200)}")}}x{{/with}}`),
    reason: 'LimitExceeded',
    message: 'cannot render template "inline": line 2: fromJson: the value nests deeper than 100',
  },
  {
    name: 'toYaml of a deeply nested XR field',
    input: inline('a: 1\nb: {{toYaml observed.composite.spec}}'),
    xr: { apiVersion: 'example.kxp.dev/v1alpha1', kind: 'XApp', spec: deeplyNested(150) },
    reason: 'LimitExceeded',
    message: 'cannot render template "inline": line 2: toYaml: the value nests deeper than 100',
  },
  {
    name: 'output that takes too long to parse',
    input: inline(
      `{{#each (range 10000)}}\n---\n${configMap(Array.from({ length: 8 }, (_, i) => `  k${i}: "{{this}} ${i}"\n`).join('')).replace('name: cm', 'name: cm-{{this}}')}{{/each}}`,
    ),
    limits: { timeoutMs: 500 },
    reason: 'LimitExceeded',
    message: 'cannot render template "inline": parsing its output took longer than 500ms',
  },
  {
    name: 'the classic prototype exploit',
    input: inline(
      [
        '{{#with "s" as |string|}}',
        '  {{#with "e"}}',
        '    {{#with split as |conslist|}}',
        '      {{this.pop}}',
        '      {{this.push (lookup string.sub "constructor")}}',
        '      {{#with string.split as |codelist|}}',
        "        {{this.push \"return process.mainModule.require('child_process').execSync('id');\"}}",
        '        {{#each conslist}}{{#with (string.sub.apply 0 codelist)}}{{this}}{{/with}}{{/each}}',
        '      {{/with}}',
        '    {{/with}}',
        '  {{/with}}',
        '{{/with}}',
      ].join('\n'),
    ),
    reason: 'CompileError',
    message: `cannot compile template "inline": line 5: there is no helper "this.push": templates call only kxp's helpers`,
  },
  // Malformed YAML: the line is the rendered one, quoted.
  {
    name: 'an unclosed flow sequence',
    input: inline('a: 1\nb: [\n'),
    reason: 'YAMLError',
    message:
      'cannot parse rendered YAML: rendered line 3 of template "inline": Flow sequence in block collection must be sufficiently indented and end with a ]',
  },
  {
    name: 'a duplicate key',
    input: inline(configMap('  a: x\n  a: y\n')),
    reason: 'YAMLError',
    message:
      'cannot parse rendered YAML: rendered line 8 of template "inline": Map keys must be unique in "  a: y"',
  },
  {
    name: 'a mapping in a compact mapping',
    input: inline('a: 1\nb: x: y\n'),
    reason: 'YAMLError',
    message:
      'cannot parse rendered YAML: rendered line 2 of template "inline": Nested mappings are not allowed in compact mappings in "b: x: y"',
  },
  {
    name: 'tab indentation',
    input: inline('a:\n\tb: 1\n'),
    reason: 'YAMLError',
    message:
      'cannot parse rendered YAML: rendered line 2 of template "inline": Tabs are not allowed as indentation in "\\tb: 1"',
  },
  {
    name: 'a bad line after a loop (template line 5, rendered line 7)',
    input: inline('items:\n{{#each (range 5)}}\n  - {{this}}\n{{/each}}\n  bad: [\n'),
    reason: 'YAMLError',
    message:
      'cannot parse rendered YAML: rendered line 7 of template "inline": All mapping items must start at the same column in "  bad: ["',
  },
  {
    name: 'an alias bomb',
    input: inline(
      'a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n',
    ),
    reason: 'YAMLError',
    message:
      'cannot parse rendered YAML: rendered line 1 of template "inline": Excessive alias count indicates a resource exhaustion attack in "a: &a [1,1,1,1,1,1,1,1,1]"',
  },
  {
    name: 'malformed YAML from the second template',
    input: templates({ templates: { a: '', b: 'x: 1\n\ny: [' } }),
    reason: 'YAMLError',
    message:
      'cannot parse rendered YAML: rendered line 3 of template "b": Flow sequence in block collection must be sufficiently indented and end with a ] in "y: ["',
  },
  // Documents the function cannot use.
  {
    name: 'a resource without a name annotation',
    input: inline('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n'),
    reason: 'DocumentError',
    message:
      'cannot compose rendered document: rendered line 1 of template "inline": ConfigMap "a" has no handlebars.fn.kxp.dev/composition-resource-name annotation to name it by',
  },
  {
    name: 'two resources of one name',
    input: inline(`${configMap('  a: b\n')}---\n${configMap('  c: d\n')}`),
    reason: 'DocumentError',
    message:
      'cannot compose rendered document: rendered line 9 of template "inline": two documents are named "cm": this one and rendered line 1 of template "inline"',
  },
  {
    name: 'a list',
    input: inline('---\n- a\n'),
    reason: 'DocumentError',
    message:
      'cannot compose rendered document: rendered line 2 of template "inline": the document is a list, not an object with apiVersion and kind',
  },
  {
    name: 'plain text',
    input: inline('just text\n'),
    reason: 'DocumentError',
    message:
      'cannot compose rendered document: rendered line 1 of template "inline": the document is a string, not an object with apiVersion and kind',
  },
  {
    name: 'no kind',
    input: inline('metadata: {}\n'),
    reason: 'DocumentError',
    message:
      'cannot compose rendered document: rendered line 1 of template "inline": the document has no apiVersion and kind',
  },
  {
    name: 'an unknown meta kind',
    input: inline('apiVersion: meta.handlebars.fn.kxp.dev/v1alpha1\nkind: Status\n'),
    reason: 'DocumentError',
    message:
      'cannot compose rendered document: rendered line 1 of template "inline": meta.handlebars.fn.kxp.dev/v1alpha1 has no kind "Status"',
  },
  {
    name: 'an invalid condition',
    input: inline(
      'apiVersion: meta.handlebars.fn.kxp.dev/v1alpha1\nkind: Condition\ntype: A\nstatus: "Yes"\nreasn: B\n',
    ),
    reason: 'DocumentError',
    message:
      'cannot compose rendered document: rendered line 1 of template "inline": Condition: status: Invalid option: expected one of "True"|"False"|"Unknown"; reason: Invalid input: expected string, received undefined; Unrecognized key: "reasn"',
  },
  {
    name: 'a requirement by name and labels',
    input: inline(
      'apiVersion: meta.handlebars.fn.kxp.dev/v1alpha1\nkind: RequiredResources\nrequirements:\n  a: {apiVersion: v1, kind: Secret, matchName: x, matchLabels: {a: b}}\n',
    ),
    reason: 'DocumentError',
    message:
      'cannot compose rendered document: rendered line 1 of template "inline": RequiredResources: requirements.a: give exactly one of matchName and matchLabels',
  },
  {
    name: 'a ready annotation that is neither True nor False',
    input: inline(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    handlebars.fn.kxp.dev/composition-resource-name: a\n    handlebars.fn.kxp.dev/ready: maybe\n',
    ),
    reason: 'DocumentError',
    message:
      'cannot compose rendered document: rendered line 1 of template "inline": the handlebars.fn.kxp.dev/ready annotation is "maybe": want "True", "False" or "Unspecified"',
  },
  // A template may stop the pipeline itself.
  {
    name: 'a Fatal result document',
    input: inline(
      'apiVersion: meta.handlebars.fn.kxp.dev/v1alpha1\nkind: Result\nseverity: Fatal\nmessage: spec.size must be small\nreason: InvalidSize\n',
    ),
    reason: 'InvalidSize',
    message: 'spec.size must be small',
  },
];

describe('FATAL results', () => {
  it.each(fatalCases)('$name', async ({ input, xr: own, limits, reason, message }) => {
    const rsp = await runFunction(handlebarsFunction(limits), { input, xr: own ?? xr, desired: earlier });
    const text = rsp.results[0]?.message ?? '';
    if (message instanceof RegExp) expect(text).toMatch(message);
    expectResponse(
      rsp,
      {
        results: [
          {
            severity: 'SEVERITY_FATAL',
            message: typeof message === 'string' ? message : text,
            reason,
            target: 'TARGET_COMPOSITE',
          },
        ],
        desired: { resources: { earlier: { resource: earlier.earlier } } },
      },
      { subset: true },
    );
    // Nothing this step rendered is desired: what earlier steps desired passes through alone.
    expect(Object.keys(rsp.desired?.resources ?? {})).toEqual(['earlier']);
  });

  it('renders again after a runaway, with the same function', async () => {
    const fn = handlebarsFunction({ timeoutMs: 50 });
    const runaway = await runFunction(fn, {
      input: inline('{{#each (range 10000)}}{{#each (range 10000)}}{{/each}}{{/each}}'),
    });
    expect(runaway.results.map((r) => r.reason)).toEqual(['LimitExceeded']);
    const good = await runFunction(fn, { input: inline(configMap('  a: "1"\n')), xr });
    expect(good.results).toEqual([]);
    expect(good.desired?.resources.cm?.resource?.data).toEqual({ a: '1' });
  });
});

describe('the sandbox', () => {
  it('renders prototype lookups as nothing and pollutes nothing', async () => {
    const lines = [
      'constructor: "{{constructor}}"',
      'proto: "{{__proto__}}"',
      'defineGetter: "{{__defineGetter__}}"',
      'lookupSetter: "{{__lookupSetter__}}"',
      'lookup: "{{lookup this "constructor"}}"',
      'lookupTwice: "{{lookup (lookup this "constructor") "constructor"}}"',
      'root: "{{@root.constructor.name}}"',
      'string: "{{#with "text" as |s|}}{{s.constructor}}{{s.sub}}{{s.constructor.constructor}}{{/with}}"',
      'xr: "{{observed.composite.constructor}}{{observed.composite.hasOwnProperty}}"',
      'resource: "{{#with (getComposedResource "constructor")}}found{{/with}}"',
      'extras: "{{json (getExtraResources "__proto__")}}"',
      'jsonProto: "{{#with (fromJson "{\\"__proto__\\": {\\"polluted\\": \\"yes\\"}}")}}{{polluted}}{{/with}}"',
      'yamlProto: "{{#with (fromYaml "__proto__: {polluted: yes}")}}{{polluted}}{{/with}}"',
      'partialBlock: "{{#with @partial-block as |f|}}{{f.call}}{{f.constructor}}{{/with}}"',
    ];
    const rsp = await runFunction(handlebars, {
      input: inline('{{#> p}}{{/p}}', { partials: { p: configMap(lines.map((l) => `  ${l}\n`).join('')) } }),
      xr,
    });
    expect(rsp.results).toEqual([]);
    expect(rsp.desired?.resources.cm?.resource?.data).toEqual({
      constructor: '',
      proto: '',
      defineGetter: '',
      lookupSetter: '',
      lookup: '',
      lookupTwice: '',
      root: '',
      string: '',
      xr: '',
      resource: '',
      extras: '[]',
      jsonProto: '',
      yamlProto: '',
      partialBlock: '',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('hands templates no functions, even through helpers that return their arguments', async () => {
    const rsp = await runFunction(handlebars, {
      input: inline('{{#> p}}{{/p}}', {
        partials: { p: configMap('  a: "{{#with (default @partial-block) as |f|}}got {{f}}{{/with}}"\n') },
      }),
    });
    expect(rsp.desired?.resources.cm?.resource?.data).toEqual({ a: '' });
  });

  it('sends {{log}} to the function log', async () => {
    const infos: [object, string | undefined][] = [];
    const log: HandlerContext['log'] = {
      debug() {},
      info: (o, m) => infos.push([o, m]),
      warn() {},
      error() {},
    };
    await runFunction(handlebars, {
      input: inline('{{log "rendering" observed.composite.metadata.name}}'),
      xr,
      log,
    });
    expect(infos).toEqual([[{ template: 'inline' }, 'rendering app']]);
  });
});
