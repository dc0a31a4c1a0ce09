// The kxp command as a user meets it: every command's --help exits 0, and `kxp function serve`
// serves a project folder as well as a module file.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePorts } from '../../src/stack/ports.js';
import { exec, repo } from './project.js';

const cli = join(repo, 'dist/cli/main.js');

describe('kxp', () => {
  it.each([
    ['--help'],
    ['function', '--help'],
    ['function', 'serve', '--help'],
    ['function', 'runtime', '--help'],
    ['package', '--help'],
    ['package', 'build', '--help'],
    ['package', 'push', '--help'],
    ['init', '--help'],
    ['init', 'function', '--help'],
    ['bridge', '--help'],
    ['bridge', 'image', '--help'],
    ['bridge', 'manifests', '--help'],
    ['catalog', '--help'],
    ['import', '--help'],
    ['validate', '--help'],
    ['bridge', 'rbac', '--help'],
    ['render', '--help'],
    ['up', '--help'],
    ['down', '--help'],
  ])('kxp %s exits 0 with its usage', async (...args) => {
    const out = await exec(process.execPath, [cli, ...args], repo);
    expect(out).toMatchObject({ code: 0 });
    expect(out.stdout).toMatch(/^usage: kxp/);
  });

  it('exits 2 with its usage for an unknown command', async () => {
    const out = await exec(process.execPath, [cli, 'frobnicate'], repo);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/unknown command "frobnicate"[\s\S]*usage: kxp/);
  });

  it('serves the function of a project folder (package.json names its module)', async () => {
    const [grpc, http] = await freePorts(2);
    const server = spawn(
      process.execPath,
      [
        cli,
        'function',
        'serve',
        join(repo, 'functions/postgresql'),
        '--insecure',
        `--address=127.0.0.1:${grpc}`,
        `--metrics-address=127.0.0.1:${http}`,
      ],
      { stdio: 'ignore' },
    );
    try {
      const deadline = Date.now() + 30_000;
      let ready = false;
      while (!ready && Date.now() < deadline) {
        ready = await fetch(`http://127.0.0.1:${http}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (!ready) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ready).toBe(true);
    } finally {
      server.kill('SIGTERM');
    }
  }, 60_000);
});
