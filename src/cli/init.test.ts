import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCommand } from './init.js';

/** run returns initCommand's exit code and what it wrote for args. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await initCommand(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

describe('kxp init', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'kxp-init-cli-'));
  });
  afterEach(() => rm(tmp, { recursive: true, force: true }));

  it.each([[['--help']], [['function', '--help']], [['-h']]])(
    '%j prints the usage and exits 0',
    async (args) => {
      const { code, stdout } = await run(args);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^usage: kxp init function <dir>/);
    },
  );

  it.each([
    { args: [], error: '' },
    { args: ['function'], error: '' },
    { args: ['module', 'x'], error: 'kxp init: unknown kind of project "module"' },
    { args: ['function', 'a', 'b'], error: '' },
    { args: ['function', 'x', '--nme', 'y'], error: "kxp init: Unknown option '--nme'" },
  ])('$args is a usage error (2)', async ({ args, error }) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(error);
    expect(stderr).toContain('usage: kxp init function <dir>');
  });

  it('creates the project, lists its files and the next steps', async () => {
    const dir = join(tmp, 'project');
    const { code, stdout } = await run([
      'function',
      dir,
      '--name',
      'function-hi',
      '--group',
      'hi.example.org',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain(`created function function-hi in ${dir}:`);
    expect(stdout).toContain('  src/input.ts\n');
    expect(stdout).toContain('npm test');
    expect(await readdir(dir)).toContain('package.json');
  });

  it('fails (1) with the reason when the project cannot be created', async () => {
    const { code, stderr } = await run(['function', tmp, '--name', 'x', '--group', 'nodot']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'kxp init: cannot use "nodot" as input group: it must be a domain with at least one dot, e.g. example.org\n',
    );
  });
});
