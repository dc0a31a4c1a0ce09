// kxp validate against the real thing: on the corpus in test/fixtures/validate/, it gives the verdicts the
// crossplane CLI's `crossplane resource validate` gives (per resource, and per error field and type), and
// against kcp — the corpus's APIs served from an APIExport of this test's own, read with a consumer's own
// kubeconfig — what kxp validate refuses, kcp refuses when the same object is created, and what it accepts,
// kcp accepts.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { apiResourceSchemaFromCRD } from '../../src/bridge/schema/publish.js';
import { validateCommand } from '../../src/cli/validate.js';
import { apiExports, apiResourceSchemas } from '../../src/kcp/apis.js';
import { ensureWorkspace } from '../../src/kcp/workspaces.js';
import { credentialsFromKubeconfig } from '../../src/kube/credentials.js';
import { ApiError, isForbidden } from '../../src/kube/errors.js';
import { resourcePath } from '../../src/kube/paths.js';
import { type KubeObject, RestClient } from '../../src/kube/rest.js';
import { peerBinary, peerDir } from '../../src/stack/peers.js';
import { crdsForXRD } from '../../src/validate/schemas/xrd.js';
import { bindTeam } from './consumer.js';
import { kcpAdmin, stackInfo } from './stack.js';

const repo = join(import.meta.dirname, '../..');
const corpus = join(repo, 'test/fixtures/validate');
const schemas = join(corpus, 'schemas');

/** Verdict is one resource as a -o json report lists it. */
interface Verdict {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  status: string;
  errors?: { type: string; field?: string; message: string }[];
}

interface JsonReport {
  summary: Record<string, number>;
  resources: Verdict[];
  skipped?: { kind: string; name: string }[];
  notes?: { message: string }[];
}

/** kxp runs kxp validate in this process and returns its exit code and what it printed. */
async function kxp(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await validateCommand(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

/** crossplane runs the crossplane CLI peer's resource validate, offline, with Crossplane's CRDs in cacheDir. */
function crossplane(
  cacheDir: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      peerBinary('crossplane-cli', 'crossplane'),
      ['resource', 'validate', `--cache-dir=${cacheDir}`, ...args],
      { maxBuffer: 64 << 20, timeout: 120_000 },
      (err, stdout, stderr) =>
        done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** crossplaneCache returns a cache folder holding Crossplane's own CRDs, which the CLI wants offline. */
function crossplaneCache(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kxp-validate-cache-'));
  const pkg = join(dir, 'xpkg.crossplane.io/crossplane/crossplane@stable');
  mkdirSync(pkg, { recursive: true });
  const crds = join(peerDir('crossplane'), 'crds');
  const docs = readdirSync(crds)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `---\n${readFileSync(join(crds, f), 'utf8')}`);
  writeFileSync(join(pkg, 'package.yaml'), docs.join('\n'));
  return dir;
}

const key = (r: Verdict) => `${r.apiVersion} ${r.kind} ${r.namespace ?? ''}/${r.name}`;
/** errorsOf returns a verdict's errors as `type field` lines; the CLI writes the object itself <nil>. */
const errorsOf = (r: Verdict) =>
  [...new Set((r.errors ?? []).map((e) => `${e.type} ${(e.field ?? '').replace('<nil>', '')}`))].sort();

describe('kxp validate beside crossplane resource validate', () => {
  let cache: string;
  beforeAll(() => {
    cache = crossplaneCache();
  });

  it('gives the verdicts crossplane gives on the corpus, per resource and per error field and type', async () => {
    const claims = join(corpus, 'claims');
    const cli = await crossplane(cache, [schemas, claims, '-o', 'json']);
    const theirs = JSON.parse(cli.stdout) as JsonReport;
    const ours = JSON.parse((await kxp(['--schemas', schemas, '-o', 'json', claims])).stdout) as JsonReport;
    const byKey = new Map(ours.resources.map((r) => [key(r), r]));
    const skipped = new Set((ours.skipped ?? []).map((s) => `${s.kind}/${s.name}`));
    let compared = 0;
    for (const r of theirs.resources) {
      const mine = byKey.get(key(r));
      if (!mine) {
        // kxp skips what is no claim or XR; crossplane calls those valid (Kubernetes' own kinds).
        expect([key(r), r.status, skipped.has(`${r.kind}/${r.name}`)]).toEqual([key(r), 'valid', true]);
        continue;
      }
      expect([key(r), mine.status]).toEqual([key(r), r.status]);
      if (r.status === 'invalid') expect([key(r), errorsOf(mine)]).toEqual([key(r), errorsOf(r)]);
      compared++;
    }
    expect(compared).toBe(ours.resources.length);
    expect(theirs.summary.invalid).toBe(ours.summary.invalid);
    expect(theirs.summary.invalid).toBeGreaterThan(20);
    expect(ours.summary.valid).toBeGreaterThanOrEqual(6);
  });

  it('differs from crossplane only where the API server does', async () => {
    const differences = join(corpus, 'differences');
    const theirs = JSON.parse(
      (await crossplane(cache, [schemas, differences, '-o', 'json'])).stdout,
    ) as JsonReport;
    const ours = JSON.parse(
      (await kxp(['--schemas', schemas, '-o', 'json', differences])).stdout,
    ) as JsonReport;
    const status = (report: JsonReport) =>
      Object.fromEntries(report.resources.map((r) => [r.name, r.status]));
    expect(status(theirs)).toEqual({
      Not_A_Name: 'valid',
      'label-value': 'valid',
      'metadata-field': 'valid',
      'null-region': 'invalid',
      twice: 'valid',
      'picks-composition': 'valid',
      'no-namespace': 'valid',
    });
    expect(status(ours)).toEqual({
      Not_A_Name: 'invalid',
      'label-value': 'invalid',
      'metadata-field': 'invalid',
      'null-region': 'valid',
      twice: 'invalid',
      'picks-composition': 'valid',
      'no-namespace': 'valid',
    });
  });

  it('exits 0 when every claim is valid and 1 when some are not, as crossplane does', async () => {
    const valid = join(corpus, 'claims/valid.yaml');
    const invalid = join(corpus, 'claims/cel.yaml');
    expect((await crossplane(cache, [schemas, valid])).code).toBe(0);
    expect((await kxp(['--schemas', schemas, valid])).code).toBe(0);
    expect((await crossplane(cache, [schemas, invalid])).code).toBe(1);
    expect((await kxp(['--schemas', schemas, invalid])).code).toBe(1);
  });
});

describe('kxp validate, the command', () => {
  it('prints its usage with --help, through kxp', () => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'validate', '--help'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^usage: kxp validate/);
    expect(out.stdout).toContain('CEL functions:');
  });

  it('exits 2 for usage errors and schemas it cannot read', async () => {
    expect((await kxp([join(corpus, 'claims')])).code).toBe(2);
    expect((await kxp(['--schemas', join(corpus, 'claims'), join(corpus, 'claims')])).code).toBe(2);
    expect((await kxp(['--schemas', schemas, join(corpus, 'no-such-folder')])).code).toBe(2);
  });

  it('follows a kustomization and reports malformed YAML with its file and line', async () => {
    const malformed = join(mkdtempSync(join(tmpdir(), 'kxp-validate-malformed-')), 'malformed');
    mkdirSync(malformed);
    writeFileSync(
      join(malformed, 'broken.yaml'),
      'apiVersion: v1\nkind: ConfigMap\n---\nkind: Widget\nspec:\n  size: [small\n  owner: a\n',
    );
    const out = await kxp(['--schemas', schemas, join(corpus, 'kustomize'), malformed]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(
      /kustomize\/widgets\.yaml:15:3: error: Widget team-apps\/bad-from-kustomize: spec\.size: Unsupported value/,
    );
    expect(out.stdout).toMatch(/malformed\/broken\.yaml:7:3: error: cannot parse YAML/);
    expect(out.stdout).toContain('note: patches, configMapGenerator not applied');
    expect(out.stdout).not.toContain('patch.yaml');
  });
});

describe('kxp validate beside kcp', () => {
  const provider = 'root:kxp-validate-db';
  const exportName = 'validate';
  let dir: string;
  let consumer: { kubeconfig: string; client: RestClient };
  let arsNames: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kxp-validate-kcp-'));
    const admin = kcpAdmin();
    await ensureWorkspace(admin, provider);
    const ws = admin.forCluster(provider);
    const xrd = (name: string) => parse(readFileSync(join(schemas, name), 'utf8')) as Record<string, unknown>;
    const published = [
      apiResourceSchemaFromCRD(crdsForXRD(xrd('widgets.xrd.yaml'))[0], { kind: 'xr' }),
      apiResourceSchemaFromCRD(crdsForXRD(xrd('databases.xrd.yaml'))[1], { kind: 'claim' }),
    ];
    arsNames = {};
    for (const p of published) {
      if (!p.ok) throw new Error(p.message);
      await ws.ensure(resourcePath(apiResourceSchemas), p.value as unknown as KubeObject);
      arsNames[p.value.spec.names.kind] = p.value.spec.names.plural;
    }
    await ws.ensure(resourcePath(apiExports), {
      apiVersion: 'apis.kcp.io/v1alpha2',
      kind: 'APIExport',
      metadata: { name: exportName },
      spec: {
        resources: published.map((p) => {
          if (!p.ok) throw new Error(p.message);
          return {
            group: p.value.spec.group,
            name: p.value.spec.names.plural,
            schema: p.value.metadata.name,
            storage: { crd: {} },
          };
        }),
      },
    });
    const team = await bindTeam(
      admin,
      { path: provider, name: exportName },
      'root:kxp-validate-org:team',
      'team-a',
      dir,
      ['apps', 'team-apps'],
    );
    consumer = {
      kubeconfig: team.kubeconfig,
      client: new RestClient(credentialsFromKubeconfig(team.kubeconfig)),
    };
  });

  it("reads the export's schemas with the consumer's own kubeconfig, which may not read the export", async () => {
    const denied = await consumer.client
      .forCluster(provider)
      .list(resourcePath(apiResourceSchemas))
      .catch((e: unknown) => e);
    expect(isForbidden(denied)).toBe(true);
    const saved = join(dir, 'schemas.yaml');
    const out = await kxp([
      '--export',
      `${provider}:${exportName}`,
      '--kubeconfig',
      consumer.kubeconfig,
      '--save-schemas',
      saved,
    ]);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    const docs = parseAllDocuments(readFileSync(saved, 'utf8')).map((d) => d.toJS() as KubeObject);
    expect(docs.map((d) => (d.spec as { names: { kind: string } }).names.kind).sort()).toEqual([
      'Database',
      'Widget',
    ]);
  });

  it('refuses what kcp refuses when the objects are created, and accepts what kcp accepts', async () => {
    const files = ['claims', 'differences'].map((f) => join(corpus, f));
    const args = ['--export', `${provider}:${exportName}`, '--kubeconfig', consumer.kubeconfig, '-o', 'json'];
    const report = JSON.parse((await kxp([...args, ...files])).stdout) as JsonReport;
    const verdicts = new Map(
      report.resources.map((r) => [key({ ...r, namespace: r.namespace ?? 'apps' }), r]),
    );
    let refused = 0;
    for (const obj of corpusObjects(files)) {
      const id = key(objKey(obj));
      const mine = verdicts.get(id);
      const theirs = await create(consumer.client, obj, arsNames);
      expect([id, mine?.status === 'valid']).toEqual([id, theirs.accepted]);
      if (!theirs.accepted) {
        refused++;
        expectSameRefusal(id, mine, theirs);
      }
    }
    expect(refused).toBeGreaterThan(20);
  });

  it('gives the same verdicts offline, from the saved schemas', async () => {
    const files = ['claims', 'differences'].map((f) => join(corpus, f));
    const saved = join(dir, 'offline.yaml');
    const online = await kxp([
      '--export',
      `${provider}:${exportName}`,
      '--kubeconfig',
      consumer.kubeconfig,
      '--save-schemas',
      saved,
      '-o',
      'json',
      ...files,
    ]);
    const offline = await kxp(['--schemas', saved, '-o', 'json', ...files]);
    const verdicts = (out: string) =>
      (JSON.parse(out) as JsonReport).resources.map((r) => [key(r), r.status, errorsOf(r)]);
    expect(verdicts(offline.stdout)).toEqual(verdicts(online.stdout));
    expect(offline.code).toBe(online.code);
  });

  it("has the export's own metadata constraints when its identity may read the export's workspace", async () => {
    const long = join(dir, 'long.yaml');
    const name = `w-${'x'.repeat(62)}`;
    writeFileSync(
      long,
      `apiVersion: validate.kxp.dev/v1alpha1\nkind: Widget\nmetadata:\n  name: ${name}\n  namespace: apps\nspec:\n  size: small\n  owner: a@example.com\n`,
    );
    const admin = join(dir, 'admin.kubeconfig');
    writeFileSync(admin, readFileSync(stackInfo().kcp.kubeconfig, 'utf8'));
    const report = JSON.parse(
      (await kxp(['--export', `${provider}:${exportName}`, '--kubeconfig', admin, '-o', 'json', long]))
        .stdout,
    ) as JsonReport;
    expect(report.resources[0]).toMatchObject({ status: 'invalid', errors: [{ field: 'metadata.name' }] });
    const obj = parse(readFileSync(long, 'utf8')) as KubeObject;
    expect((await create(consumer.client, obj, arsNames)).accepted).toBe(false);
  });
});

/**
 * expectSameRefusal checks that every field kcp names, kxp names too, and that kcp words kxp's errors as
 * kxp does: its schema errors, or (kcp runs rules only on objects its schema accepts) its rules' errors.
 */
function expectSameRefusal(id: string, mine: Verdict | undefined, theirs: Created): void {
  const fields = new Set((mine?.errors ?? []).map((e) => e.field ?? ''));
  for (const f of theirs.fields) expect([id, f, fields.has(f)]).toEqual([id, f, true]);
  if (theirs.status !== 422) return;
  const errors = mine?.errors ?? [];
  const schema = errors.filter((e) => e.type === 'schema');
  for (const e of schema.length > 0 ? schema : errors)
    expect([id, theirs.message]).toEqual([id, expect.stringContaining(e.message)]);
}

/** Created is what kcp answered a create: accepted, or refused naming fields, with its status and message. */
interface Created {
  accepted: boolean;
  fields: string[];
  status?: number;
  message?: string;
}

/** corpusObjects returns the objects of the corpus's API group in files' YAML. */
function corpusObjects(folders: string[]): KubeObject[] {
  const files = folders.flatMap((folder) =>
    readdirSync(folder)
      .filter((n) => n.endsWith('.yaml'))
      .map((n) => join(folder, n)),
  );
  return files
    .flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8'), { version: '1.1' }))
    .map((d) => d.toJS() as KubeObject | null)
    .filter((obj): obj is KubeObject => obj?.apiVersion?.startsWith('validate.kxp.dev/') === true);
}

function objKey(obj: KubeObject): Verdict {
  return {
    apiVersion: obj.apiVersion ?? '',
    kind: obj.kind ?? '',
    name: String(obj.metadata?.name ?? ''),
    namespace: String(obj.metadata?.namespace ?? 'apps'),
    status: '',
  };
}

/**
 * create creates obj in the consumer's workspace as kubectl does (strict field validation; namespace apps
 * when it names none) and returns whether kcp accepted it, and the fields it named when it refused.
 */
async function create(
  client: RestClient,
  obj: KubeObject,
  plurals: Record<string, string>,
): Promise<Created> {
  const [group = '', version = ''] = (obj.apiVersion ?? '').split('/');
  const kind = obj.kind ?? '';
  const ns = obj.metadata?.namespace ?? 'apps';
  const path = resourcePath({ group, version, resource: plurals[kind] ?? `${kind.toLowerCase()}s` }, ns);
  const body = { ...obj, metadata: { ...obj.metadata, namespace: ns } };
  const post = () => client.request('POST', path, { body, query: { fieldValidation: 'Strict' } });
  try {
    await post().catch(async (err: unknown) => {
      // Left by an earlier run against the same stack: create it afresh.
      if (!(err instanceof ApiError && err.status === 409)) throw err;
      await client.remove(`${path}/${obj.metadata?.name}`);
      await post();
    });
    return { accepted: true, fields: [] };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { accepted: false, fields: refusedFields(err), status: err.status, message: err.serverMessage };
  }
}

/** refusedFields returns the fields kcp names in a refusal (`spec.size: Unsupported value ...`, `unknown field "spec.x"`). */
function refusedFields(err: ApiError): string[] {
  const fields = new Set<string>();
  for (const m of err.serverMessage.matchAll(/unknown field "([^"]+)"/g)) fields.add(m[1] ?? '');
  for (const m of err.serverMessage.matchAll(
    /(?:^|, |\[)((?:spec|metadata)[\w.[\]-]*): (?:Invalid|Unsupported|Required|Forbidden|Too|Duplicate)/g,
  )) {
    fields.add(m[1] ?? '');
  }
  return [...fields];
}
