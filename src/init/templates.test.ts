import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTemplates, renderTemplate, templatesDir } from './templates.js';

describe('renderTemplate', () => {
  it('replaces each __KEY__ with the value of key in lower case', () => {
    expect(
      renderTemplate(
        'name: __NAME__\ngroup: __GROUP__/v1beta1 (__NAME__)',
        { name: 'fn', group: 'g.io' },
        't',
      ),
    ).toBe('name: fn\ngroup: g.io/v1beta1 (fn)');
  });

  it('leaves text that is no placeholder alone', () => {
    const text = "const dir = __dirname; x.__proto__; '__' + y;";
    expect(renderTemplate(text, {}, 't')).toBe(text);
  });

  it('throws naming a placeholder that has no value', () => {
    expect(() => renderTemplate('a __NAME__ and __OWNER__', { name: 'fn' }, 'template README.md')).toThrow(
      'cannot render template README.md: it names __OWNER__, which has no value',
    );
  });
});

describe('readTemplates', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kxp-templates-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('returns every file below the folder, sorted, with forward slashes, gitignore as .gitignore', async () => {
    await mkdir(join(dir, 'src', 'deep'), { recursive: true });
    await writeFile(join(dir, 'src', 'deep', 'a.ts'), 'a');
    await writeFile(join(dir, 'gitignore'), 'node_modules/\n');
    await writeFile(join(dir, 'README.md'), '# x');
    expect(await readTemplates(dir)).toEqual([
      { path: 'README.md', text: '# x' },
      { path: '.gitignore', text: 'node_modules/\n' },
      { path: 'src/deep/a.ts', text: 'a' },
    ]);
  });

  it('throws naming a folder it cannot read', async () => {
    await expect(readTemplates(join(dir, 'missing'))).rejects.toThrow(
      /^cannot read templates in .*missing: /,
    );
  });
});

describe('templatesDir', () => {
  it("is the kxp package's templates/<kind> folder", async () => {
    const paths = (await readTemplates(templatesDir('function'))).map((f) => f.path);
    expect(paths).toContain('src/index.ts');
    expect(paths).toContain('.gitignore');
  });
});
