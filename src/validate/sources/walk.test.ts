import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { collectSources } from './walk.js';

/** tree writes files (path → content) under a new temporary folder and returns it. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kxp-walk-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

async function walk(root: string, inputs: string[], stdin?: string) {
  const out = await collectSources(
    inputs.map((i) => (i === '-' ? i : join(root, i))),
    stdin === undefined ? {} : { stdin: async () => stdin },
  );
  return {
    files: out.sources.map((s) => [
      s.file.startsWith('/') ? relative(root, s.file) : relative(root, join(process.cwd(), s.file)),
      s.namespace ?? '',
    ]),
    notes: out.notes.map((n) => n.message),
  };
}

describe('collectSources', () => {
  it('walks folders for YAML and JSON files by name, leaving hidden folders and node_modules out', async () => {
    const root = tree({
      'b.yaml': '',
      'a.yml': '',
      'c.json': '{}',
      'notes.txt': '',
      'sub/d.yaml': '',
      '.git/e.yaml': '',
      'node_modules/f.yaml': '',
    });
    expect((await walk(root, ['.'])).files).toEqual([
      ['a.yml', ''],
      ['b.yaml', ''],
      ['c.json', ''],
      ['sub/d.yaml', ''],
    ]);
  });

  it('reads a file named on the command line whatever its extension, and each file once', async () => {
    const root = tree({ 'x.txt': '', 'y.yaml': '' });
    expect((await walk(root, ['x.txt', 'y.yaml', '.'])).files.map((f) => f[0])).toEqual(['x.txt', 'y.yaml']);
  });

  it('follows kustomizations: their resources, nested kustomizations, the outer namespace winning', async () => {
    const root = tree({
      'app/kustomization.yaml':
        'namespace: outer\nresources: [w.yaml, db, https://example.com/x.yaml]\npatches: [{path: p.yaml}]\n',
      'app/w.yaml': '',
      'app/p.yaml': '',
      'app/db/kustomization.yaml': 'namespace: inner\nresources: [d.yaml]\n',
      'app/db/d.yaml': '',
      'app/db/unlisted.yaml': '',
    });
    const { files, notes } = await walk(root, ['app']);
    expect(files).toEqual([
      ['app/kustomization.yaml', ''],
      ['app/w.yaml', 'outer'],
      ['app/db/kustomization.yaml', ''],
      ['app/db/d.yaml', 'outer'],
    ]);
    expect(notes).toEqual([
      expect.stringMatching(/^patches not applied: its resources are validated as written/),
      'remote resource https://example.com/x.yaml not followed',
    ]);
  });

  it('reads standard input for -', async () => {
    const out = await collectSources(['-'], { stdin: async () => 'a: 1' });
    expect(out.sources).toEqual([{ file: '<stdin>', text: 'a: 1' }]);
  });

  it('refuses a path that does not exist, naming it', async () => {
    await expect(collectSources(['/no/such/path'])).rejects.toThrow(/^cannot read \/no\/such\/path: /);
  });
});
