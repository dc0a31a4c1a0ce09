// kxp import as a GitOps repository's team meets it: a provider offers a PostgreSQLInstance-like API
// in its own workspace, a consumer binds it, and `kxp import` with the consumer's own kubeconfig writes
// the TypeScript. In a project outside this repository that code type-checks (strict) beside a small
// cdk8s app, whose synthesised claim the consumer then creates with kubectl as itself, and kcp accepts
// it; a wrongly typed prop does not type-check.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiExports, apiResourceSchemas } from '../../src/kcp/apis.js';
import { bindExport } from '../../src/kcp/bindings.js';
import { ensureWorkspace } from '../../src/kcp/workspaces.js';
import { credentialsFromKubeconfig } from '../../src/kube/credentials.js';
import { namespaces, resourcePath } from '../../src/kube/paths.js';
import { type KubeObject, RestClient } from '../../src/kube/rest.js';
import { writeKubeconfig } from '../../src/stack/kubeconfig.js';
import { peerBinary } from '../../src/stack/peers.js';
import { exec, type Output, repo } from './project.js';
import { kcpAdmin, stackInfo } from './stack.js';

const provider = 'root:import-db';
const consumerWs = 'root:import-team';
const exportName = 'import-databases';
const exportRef = `${provider}:${exportName}`;
const group = 'import.kxp.dev';
const cli = join(repo, 'dist/cli/main.js');

/** The API the provider offers: a PostgreSQL database with the shapes a schema can have. */
const schema = {
  type: 'object',
  description: 'A PostgreSQL database and the role that owns it, ordered by a team.',
  required: ['spec'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      description: 'What the team orders.',
      required: ['parameters'],
      properties: {
        parameters: {
          type: 'object',
          description: 'What the database team offers to tune.',
          required: ['storage'],
          properties: {
            encoding: {
              type: 'string',
              enum: ['UTF8', 'SQL_ASCII', 'LATIN1'],
              default: 'UTF8',
              description: 'Character encoding of the database.',
            },
            connectionLimit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
            storage: { 'x-kubernetes-int-or-string': true, description: 'Size, e.g. 10Gi or bytes.' },
            extensions: { type: 'array', items: { type: 'string' } },
            labels: { type: 'object', additionalProperties: { type: 'string' } },
            settings: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            backup: {
              type: 'object',
              required: ['schedule'],
              properties: {
                schedule: { type: 'string', description: 'Cron schedule.' },
                retentionDays: { type: 'integer', nullable: true },
              },
            },
          },
        },
        writeConnectionSecretToRef: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string' } },
        },
      },
    },
    status: { type: 'object', properties: { endpoint: { type: 'string' } } },
  },
};

/** The cdk8s app a team writes with the imported construct. */
const app = `import { App, Chart } from 'cdk8s';
import { PostgreSQLInstance } from './imports/${group}.js';

const app = new App({ outdir: 'dist' });
const chart = new Chart(app, 'claims');
new PostgreSQLInstance(chart, 'orders', {
  metadata: { name: 'orders', namespace: 'apps' },
  spec: {
    parameters: {
      encoding: 'LATIN1',
      storage: '10Gi',
      extensions: ['pgcrypto'],
      labels: { team: 'a' },
      settings: { work_mem: '64MB', jit: false },
      backup: { schedule: '0 3 * * *', retentionDays: 7 },
    },
    writeConnectionSecretToRef: { name: 'orders-db' },
  },
});
app.synth();
`;

function run(command: string, args: string[], cwd: string): Promise<Output> {
  return exec(command, args, cwd);
}

describe('kxp import', () => {
  const admin = kcpAdmin();
  let dir = '';
  let project = '';
  let kubeconfig = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kxp-import-e2e-'));
    project = join(dir, 'claims');
    await ensureWorkspace(admin, provider);
    const db = admin.forCluster(provider);
    await db.ensure(resourcePath(apiResourceSchemas), {
      apiVersion: 'apis.kcp.io/v1alpha1',
      kind: 'APIResourceSchema',
      metadata: { name: `v1.postgresqlinstances.${group}` },
      spec: {
        group,
        names: {
          kind: 'PostgreSQLInstance',
          listKind: 'PostgreSQLInstanceList',
          plural: 'postgresqlinstances',
          singular: 'postgresqlinstance',
        },
        scope: 'Namespaced',
        versions: [{ name: 'v1alpha1', served: true, storage: true, subresources: { status: {} }, schema }],
      },
    });
    await db.ensure(resourcePath(apiExports), {
      apiVersion: 'apis.kcp.io/v1alpha2',
      kind: 'APIExport',
      metadata: { name: exportName },
      spec: {
        resources: [
          {
            name: 'postgresqlinstances',
            group,
            schema: `v1.postgresqlinstances.${group}`,
            storage: { crd: {} },
          },
        ],
      },
    });

    // The consumer's workspace binds the export; team-a administers it and acts only with its own token.
    await ensureWorkspace(admin, consumerWs);
    const ws = admin.forCluster(consumerWs);
    await bindExport(admin, ws, { path: provider, name: exportName });
    await ws.ensure('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'team-a-admins' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'team-a' }],
    });
    await ws.ensure(resourcePath(namespaces), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'apps' },
    });
    kubeconfig = consumerKubeconfig('team-a');

    // A project of the team's own, outside this repository, with cdk8s and constructs installed.
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    for (const p of ['cdk8s', 'constructs']) {
      symlinkSync(join(repo, 'node_modules', p), join(project, 'node_modules', p));
    }
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'claims', private: true, type: 'module' }),
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          verbatimModuleSyntax: true,
          skipLibCheck: true,
          types: [],
          outDir: 'out',
        },
        include: ['*.ts', 'imports'],
      }),
    );
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** consumerKubeconfig writes user's own kubeconfig, pointed at the consumer's workspace. */
  function consumerKubeconfig(user: string): string {
    const info = stackInfo();
    const creds = {
      ...credentialsFromKubeconfig(info.kcp.users[user] ?? ''),
      server: `${info.kcp.url}/clusters/${consumerWs}`,
    };
    return writeKubeconfig(join(dir, `${user}.kubeconfig`), user, creds);
  }

  it('prints its usage with --help', async () => {
    const out = await run(process.execPath, [cli, 'import', '--help'], repo);
    expect(out).toMatchObject({ code: 0, stdout: expect.stringMatching(/^usage: kxp import/) });
  });

  it("writes TypeScript with the consumer's kubeconfig, which type-checks and synthesises a claim kcp accepts", async () => {
    const imported = await run(
      process.execPath,
      [cli, 'import', '--export', exportRef, '--kubeconfig', kubeconfig, '--save-schemas', 'schemas.yaml'],
      project,
    );
    expect(imported).toEqual({
      code: 0,
      stdout: `wrote imports/${group}.ts: PostgreSQLInstance (v1alpha1)\n`,
      stderr: '',
    });
    const code = readFileSync(join(project, 'imports', `${group}.ts`), 'utf8');
    expect(code).toContain(`// Generated by \`kxp import\` from export ${exportRef}.`);
    expect(code).toContain('export class PostgreSQLInstance extends ApiObject {');
    expect(code).toContain("  readonly encoding?: 'UTF8' | 'SQL_ASCII' | 'LATIN1';");
    expect(code).toContain('  readonly storage: number | string;');
    expect(code).toContain('  readonly retentionDays?: number | null;');

    writeFileSync(join(project, 'main.ts'), app);
    const tsc = await run(join(repo, 'node_modules/.bin/tsc'), ['-p', '.'], project);
    expect(tsc).toMatchObject({ code: 0, stdout: '' });
    expect(await run(process.execPath, ['out/main.js'], project)).toMatchObject({ code: 0 });

    // The consumer creates the synthesised claim in its workspace, as itself; kcp validates it strictly.
    const created = await run(
      peerBinary('kubernetes', 'kubectl'),
      ['--kubeconfig', kubeconfig, 'create', '--validate=strict', '-f', 'dist/claims.k8s.yaml'],
      project,
    );
    expect(created).toMatchObject({ code: 0, stdout: `postgresqlinstance.${group}/orders created\n` });
    const team = new RestClient(credentialsFromKubeconfig(kubeconfig));
    const claim = await team.get<KubeObject>(
      resourcePath({ group, version: 'v1alpha1', resource: 'postgresqlinstances' }, 'apps', 'orders'),
    );
    expect(claim.spec).toEqual({
      parameters: {
        encoding: 'LATIN1',
        connectionLimit: 10,
        storage: '10Gi',
        extensions: ['pgcrypto'],
        labels: { team: 'a' },
        settings: { work_mem: '64MB', jit: false },
        backup: { schedule: '0 3 * * *', retentionDays: 7 },
      },
      writeConnectionSecretToRef: { name: 'orders-db' },
    });
  });

  it('refuses a wrongly typed prop at type-checking', async () => {
    writeFileSync(
      join(project, 'main.ts'),
      app.replace("storage: '10Gi'", 'storage: true').replace("encoding: 'LATIN1'", "encoding: 'UTF16'"),
    );
    const tsc = await run(join(repo, 'node_modules/.bin/tsc'), ['-p', '.'], project);
    expect(tsc.code).not.toBe(0);
    // tsc names a union's members in its own order.
    expect(tsc.stdout).toContain(
      `main.ts(10,7): error TS2322: Type '"UTF16"' is not assignable to type '"LATIN1" | "SQL_ASCII" | "UTF8"'.`,
    );
    expect(tsc.stdout).toContain(
      "main.ts(11,7): error TS2322: Type 'boolean' is not assignable to type 'string | number'.",
    );
  });

  it('writes the same code offline from the schemas it saved', async () => {
    const out = await run(
      process.execPath,
      [cli, 'import', '--schemas', 'schemas.yaml', '-o', 'offline'],
      project,
    );
    expect(out).toMatchObject({
      code: 0,
      stdout: `wrote offline/${group}.ts: PostgreSQLInstance (v1alpha1)\n`,
    });
    const body = (f: string) => readFileSync(join(project, f), 'utf8').split('\n').slice(1).join('\n');
    expect(body(`offline/${group}.ts`)).toBe(body(`imports/${group}.ts`));
  });

  it('says when the workspace does not bind the export, and when the user may not read the workspace', async () => {
    const unbound = await run(
      process.execPath,
      [cli, 'import', '--export', `${provider}:other`, '--kubeconfig', kubeconfig],
      project,
    );
    expect(unbound.code).toBe(1);
    expect(unbound.stderr).toMatch(
      new RegExp(
        `^kxp import: cannot read the schemas of export ${provider}:other: this identity (may not read its workspace|cannot find it), ` +
          `and workspace ${consumerWs} has no APIBinding to it \\(it binds `,
      ),
    );
    const stranger = await run(
      process.execPath,
      [cli, 'import', '--export', exportRef, '--kubeconfig', consumerKubeconfig('team-b')],
      project,
    );
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toMatch(
      new RegExp(
        `^kxp import: cannot read the schemas of export ${exportRef}: this identity (may not read its workspace|cannot find it), ` +
          `and cannot read the APIBindings in workspace ${consumerWs}: the kubeconfig's user may not`,
      ),
    );
  });
});
