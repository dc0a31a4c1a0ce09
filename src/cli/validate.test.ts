import { join } from 'node:path';
import { validateCommand } from './validate.js';

const corpus = join(import.meta.dirname, '../../test/fixtures/validate');

async function run(args: string[], stdin?: string) {
  let stdout = '';
  let stderr = '';
  const code = await validateCommand(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    ...(stdin === undefined ? {} : { stdin: async () => stdin }),
  });
  return { code, stdout, stderr };
}

describe('kxp validate', () => {
  const schemas = join(corpus, 'schemas');

  it.each([
    ['no schemas', [join(corpus, 'claims')], /give the schemas/],
    ['no files', ['--schemas', schemas], /give the files or folders/],
    ['an unknown output', ['--schemas', schemas, '-o', 'yaml', 'x'], /unknown output "yaml"/],
    [
      '--save-schemas without --export',
      ['--schemas', schemas, '--save-schemas', 'f', 'x'],
      /--save-schemas saves what --export reads/,
    ],
    ['an unknown flag', ['--frobnicate'], /Unknown option '--frobnicate'/],
  ])('exits 2 with its usage for %s', async (_name, args, message) => {
    const out = await run(args);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).toContain('usage: kxp validate');
  });

  it('exits 2 naming a path it cannot read', async () => {
    const out = await run(['--schemas', schemas, join(corpus, 'nothing-here')]);
    expect(out).toMatchObject({ code: 2, stdout: '' });
    expect(out.stderr).toMatch(/^kxp validate: cannot read .*nothing-here: /);
  });

  it('exits 2 when the schemas hold no definitions', async () => {
    const out = await run(['--schemas', join(corpus, 'claims'), join(corpus, 'claims')]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/no CRDs, XRDs or APIResourceSchemas found in/);
  });

  it('exits 0 when every claim is valid, 1 when one is not', async () => {
    expect((await run(['--schemas', schemas, join(corpus, 'claims/valid.yaml')])).code).toBe(0);
    const out = await run(['--schemas', schemas, join(corpus, 'claims/enums.yaml')]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(
      /enums\.yaml:8:3: error: Widget apps\/tiny: spec\.size: Unsupported value: "tiny"/,
    );
  });

  it('reads standard input', async () => {
    const out = await run(
      ['--schemas', schemas, '-o', 'json', '-'],
      'apiVersion: validate.kxp.dev/v1alpha1\nkind: Widget\nmetadata: {name: a, namespace: b}\nspec: {size: small}\n',
    );
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout).resources[0]).toMatchObject({
      file: '<stdin>',
      status: 'invalid',
      errors: [{ field: 'spec.owner' }],
    });
  });

  it('prints its usage, listing the formats and CEL functions it supports', async () => {
    const out = await run(['--help']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^usage: kxp validate/);
    expect(out.stdout).toContain('k8s-short-name');
    expect(out.stdout).toContain('quantity, isQuantity');
  });
});
