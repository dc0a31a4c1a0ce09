/**
 * A function's whole life outside this repository, on the real peers: a project made by `kxp init
 * function` with kxp installed from `npm pack`, packaged (`kxp package build`), pushed to the
 * stack's registry (`kxp package push`), installed by Crossplane's package manager, run by the
 * function runtime and called by a real Composition. The crossplane CLI reads the package as its
 * own; a v2 rolls out; a function that cannot start is reported; a deleted Function is stopped.
 */

import { readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { resourcePath } from '../../src/kube/paths.js';
import type { KubeObject } from '../../src/kube/rest.js';
import { RegistryClient } from '../../src/oci/registry/client.js';
import {
  functionHealthy,
  functionRevisionsRef,
  functionsRef,
  installFunction,
} from '../../src/stack/functions.js';
import { peerBinary } from '../../src/stack/peers.js';
import { exec, type OutsideProject, ok, outsideProject } from './project.js';
import { eventually, serviceAdmin, stackInfo } from './stack.js';

const name = 'function-greeter';
const service = serviceAdmin();
const xrs = { group: 'example.crossplane.io', version: 'v1', resource: 'xrs' };
const configMaps = { group: '', version: 'v1', resource: 'configmaps' };

interface Conditioned extends KubeObject {
  spec?: Record<string, unknown>;
  status?: {
    endpoint?: string;
    capabilities?: string[];
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    [k: string]: unknown;
  };
}

let project: OutsideProject;
/** kxp runs the project's own kxp (node_modules/.bin), as `npx kxp` in the project would. */
const kxp = (...args: string[]) => ok('npx', ['kxp', ...args], project.dir);
const image = (tag: string, repository = 'fn/greeter') => `${stackInfo().registry.host}/${repository}:${tag}`;

beforeAll(async () => {
  project = await outsideProject(name);
}, 600_000);

afterAll(async () => {
  if (project && !process.env.KXP_KEEP_STACK) await rm(project.tmp, { recursive: true, force: true });
});

/** canConnect reports whether something accepts connections at a `host:port` endpoint. */
function canConnect(endpoint: string): Promise<boolean> {
  const [host, port] = endpoint.split(':');
  return new Promise((resolve) => {
    const s = connect({ host: host === 'localhost' ? '127.0.0.1' : host, port: Number(port) });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** packageYamlOf returns the documents of a package file's package.yaml, as the crossplane CLI extracts them. */
async function packageYamlOf(file: string): Promise<unknown[]> {
  const out = `${file}.gz`;
  await ok(
    peerBinary('crossplane-cli', 'crossplane'),
    ['xpkg', 'extract', '--from-xpkg', file, '-o', out],
    project.dir,
  );
  const { gunzipSync } = await import('node:zlib');
  const text = gunzipSync(await readFile(out)).toString('utf8');
  return parseAllDocuments(text)
    .map((d) => d.toJS())
    .filter((d) => d !== null);
}

describe('a TypeScript function, packaged and installed by real Crossplane', () => {
  let built: string;

  it('builds one package per architecture under 45 MB, the same bytes when built again', async () => {
    built = await kxp('package', 'build', '--runtime-tarballs');
    const lines = built.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const [i, arch] of ['amd64', 'arm64'].entries()) {
      expect(lines[i]).toMatch(new RegExp(`_output/${name}-${arch}\\.xpkg  ${arch}  sha256:[0-9a-f]{64}  `));
      expect(Number(/ ([\d.]+) MB$/.exec(lines[i] ?? '')?.[1])).toBeLessThan(45);
    }
    expect(await kxp('package', 'build', '--runtime-tarballs')).toBe(built);
  }, 300_000);

  it('is read by the crossplane CLI as its own: the same package.yaml as crossplane xpkg build makes from it', async () => {
    const out = join(project.dir, '_output');
    await ok(
      peerBinary('crossplane-cli', 'crossplane'),
      [
        'xpkg',
        'build',
        `--package-root=${join(out, 'package')}`,
        `--embed-runtime-image-tarball=${join(out, 'runtime-amd64.tar')}`,
        `--examples-root=${join(project.dir, 'examples')}`,
        `--package-file=${join(project.tmp, 'by-crossplane.xpkg')}`,
      ],
      project.dir,
    );
    const ours = await packageYamlOf(join(out, `${name}-amd64.xpkg`));
    expect(ours).toEqual(await packageYamlOf(join(project.tmp, 'by-crossplane.xpkg')));
    const [meta, crd] = ours as Conditioned[];
    expect(meta).toMatchObject({
      apiVersion: 'meta.pkg.crossplane.io/v1',
      kind: 'Function',
      metadata: {
        name,
        annotations: {
          'meta.crossplane.io/maintainer': 'Your Name <you@example.com>',
          'meta.crossplane.io/source': `github.com/your-org/${name}`,
          'meta.crossplane.io/license': 'Apache-2.0',
        },
      },
      spec: { capabilities: ['composition'] },
    });
    expect(crd).toMatchObject({
      kind: 'CustomResourceDefinition',
      metadata: { name: 'inputs.template.fn.crossplane.io' },
      spec: { names: { kind: 'Input' }, versions: [{ name: 'v1beta1' }] },
    });
    const crdSpec = crd?.spec as
      | { versions: { schema: { openAPIV3Schema: Conditioned['spec'] } }[] }
      | undefined;
    const schema = crdSpec?.versions[0]?.schema.openAPIV3Schema;
    expect(schema?.properties).toMatchObject({
      greeting: { type: 'string', default: 'Hello', minLength: 1 },
    });
  }, 120_000);

  let firstRevision: Conditioned;

  it('is pushed as one tag over both architectures, and Crossplane installs it Healthy', async () => {
    const pushed = await kxp('package', 'push', '_output', image('v0.1.0'));
    expect(pushed.trim()).toMatch(new RegExp(`^${image('v0.1.0')}@sha256:[0-9a-f]{64}$`));
    const client = new RegistryClient(stackInfo().registry.host);
    const index = JSON.parse((await client.getManifest('fn/greeter', 'v0.1.0')).bytes.toString());
    client.close();
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(
      index.manifests.map((m: { platform: { architecture: string } }) => m.platform.architecture),
    ).toEqual(['amd64', 'arm64']);

    await installFunction(service, name, image('v0.1.0'));
    const revision = await functionHealthy(service, name, image('v0.1.0'));
    firstRevision = await service.get<Conditioned>(resourcePath(functionRevisionsRef, undefined, revision));
    expect(firstRevision.status).toMatchObject({
      resolvedImage: image('v0.1.0'),
      capabilities: ['composition'],
    });
    expect(await canConnect(firstRevision.status?.endpoint ?? '')).toBe(true);
  }, 180_000);

  it("runs a Composition's pipeline: the XR becomes Ready and its ConfigMap exists", async () => {
    await service.create('/apis/apiextensions.crossplane.io/v2/compositeresourcedefinitions', xrd);
    await eventually(async () => {
      const x = await service.get<Conditioned>(
        '/apis/apiextensions.crossplane.io/v2/compositeresourcedefinitions/xrs.example.crossplane.io',
      );
      expect(x.status?.conditions?.find((c) => c.type === 'Established')?.status).toBe('True');
    }, 60_000);
    const example = async (f: string) => parse(await readFile(join(project.dir, 'examples', f), 'utf8'));
    await service.create(
      '/apis/apiextensions.crossplane.io/v1/compositions',
      await example('composition.yaml'),
    );
    const xr0 = await example('xr.yaml');
    await eventually(() => service.create(resourcePath(xrs, 'default'), xr0), 30_000);
    const xr = await ready('example-xr');
    expect(xr.status?.greeting).toBe('Hello, world!');
    expect(await greeting()).toBe('Hello, world!');
  }, 180_000);

  it('rolls out v2 to a new revision: the old process stops, the XR is reconciled by v2', async () => {
    const index = join(project.dir, 'src/index.ts');
    const source = await readFile(index, 'utf8');
    // v2 shouts its greeting.
    await writeFile(index, source.replace(/const message = (.+);/, 'const message = $1.toUpperCase();'));

    await kxp('package', 'build', '--arch', 'amd64');
    await kxp('package', 'push', '_output', image('v0.2.0'));
    await installFunction(service, name, image('v0.2.0'));
    const revision = await functionHealthy(service, name, image('v0.2.0'));
    expect(revision).not.toBe(firstRevision.metadata?.name);
    await eventually(
      async () => expect(await canConnect(firstRevision.status?.endpoint ?? '')).toBe(false),
      30_000,
    );
    const old = await service.get<Conditioned>(
      resourcePath(functionRevisionsRef, undefined, firstRevision.metadata?.name),
    );
    expect(old.spec?.desiredState).toBe('Inactive');
    // Crossplane calls the pipeline again on the XR's next reconcile; a label change asks for it now.
    await service.mergePatch(resourcePath(xrs, 'default', 'example-xr'), {
      metadata: { labels: { rollout: 'v2' } },
    });
    await eventually(async () => expect(await greeting()).toBe('HELLO, WORLD!'), 90_000);
    await ready('example-xr');
  }, 240_000);

  it('reports a function whose process cannot start on its Function, with the reason', async () => {
    const index = join(project.dir, 'src/index.ts');
    const source = await readFile(index, 'utf8');
    const broken = `if (process.env.REVISION_NAME) throw new Error('cannot start: GREETER_TOKEN is not set');\n`;
    await writeFile(index, broken + source);
    try {
      await kxp('package', 'build', '--arch', 'amd64');
      // Crossplane's package lock holds one package per repository: another Function needs its own.
      await kxp('package', 'push', '_output', image('v0.1.0', 'fn/greeter-broken'));
    } finally {
      await writeFile(index, source);
    }
    await installFunction(service, `${name}-broken`, image('v0.1.0', 'fn/greeter-broken'));
    await eventually(async () => {
      const f = await service.get<Conditioned>(resourcePath(functionsRef, undefined, `${name}-broken`));
      const healthy = f.status?.conditions?.find((c) => c.type === 'Healthy');
      expect(healthy).toMatchObject({ status: 'False' });
      expect(healthy?.message).toMatch(/exited with code 1/);
      expect(healthy?.message).toContain('GREETER_TOKEN is not set');
    }, 120_000);
    await service.remove(resourcePath(functionsRef, undefined, `${name}-broken`));
  }, 240_000);

  it('stops the process of a deleted Function', async () => {
    const fn = await service.get<Conditioned>(resourcePath(functionsRef, undefined, name));
    const current = String((fn.status as { currentRevision?: string }).currentRevision);
    const rev = await service.get<Conditioned>(resourcePath(functionRevisionsRef, undefined, current));
    expect(await canConnect(rev.status?.endpoint ?? '')).toBe(true);
    await service.remove(resourcePath(xrs, 'default', 'example-xr'));
    await eventually(
      async () => expect(await exists(resourcePath(xrs, 'default', 'example-xr'))).toBe(false),
      60_000,
    );
    await service.remove(resourcePath(functionsRef, undefined, name));
    await eventually(async () => expect(await canConnect(rev.status?.endpoint ?? '')).toBe(false), 60_000);
  }, 120_000);
});

describe('kxp package, given bad input', () => {
  it('names the registry it cannot reach, and pushes nothing', async () => {
    const out = await exec(
      'npx',
      ['kxp', 'package', 'push', '_output', '127.0.0.1:1/fn/greeter:v9'],
      project.dir,
    );
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/127\.0\.0\.1:1/);
    expect(out.stderr).toMatch(/unreachable|refused/i);
  });

  it('names the file of a project whose module has no default export', async () => {
    const index = join(project.dir, 'src/index.ts');
    const source = await readFile(index, 'utf8');
    await writeFile(
      index,
      source.replace('export default defineFunction(', 'export const greeter = defineFunction('),
    );
    try {
      const out = await exec('npx', ['kxp', 'package', 'build', '--arch', 'amd64'], project.dir);
      expect(out.code).toBe(1);
      expect(out.stderr).toContain(
        `${join(project.dir, 'src/index.ts')} has no default export that is a function`,
      );
    } finally {
      await writeFile(index, source);
    }
  });

  it('names package.json and the fields missing from it', async () => {
    const file = join(project.dir, 'package.json');
    const text = await readFile(file, 'utf8');
    const pkg = JSON.parse(text);
    delete pkg.author;
    delete pkg.license;
    await writeFile(file, JSON.stringify(pkg, null, 2));
    try {
      const out = await exec('npx', ['kxp', 'package', 'build', '--arch', 'amd64'], project.dir);
      expect(out.code).toBe(1);
      expect(out.stderr).toContain(`${file} lacks "author" (meta.crossplane.io/maintainer), "license"`);
    } finally {
      await writeFile(file, text);
    }
  });

  it('names the input schema that cannot become a CRD, and the field', async () => {
    const input = join(project.dir, 'src/input.ts');
    const source = await readFile(input, 'utf8');
    await writeFile(
      input,
      source.replace(
        "kind: z.literal('Input'),",
        "kind: z.literal('Input'),\n  pair: z.tuple([z.string(), z.number()]),",
      ),
    );
    try {
      const out = await exec('npx', ['kxp', 'package', 'build', '--arch', 'amd64'], project.dir);
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(
        /cannot make the input CRD from the input schema of src\/index\.ts: .*pair\.\[\]: .* has no structural form/,
      );
    } finally {
      await writeFile(input, source);
    }
  });
});

/** ready waits until the XR is Ready and returns it. */
function ready(xrName: string): Promise<Conditioned> {
  return eventually(async () => {
    const x = await service.get<Conditioned>(resourcePath(xrs, 'default', xrName));
    expect(x.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True' });
    return x;
  }, 120_000);
}

/** greeting returns the message of the ConfigMap the function composes for example-xr. */
async function greeting(): Promise<string | undefined> {
  const cm = await service.get<KubeObject & { data?: Record<string, string> }>(
    resourcePath(configMaps, 'default', 'example-xr-greeting'),
  );
  return cm.data?.message;
}

/** exists reports whether the object at path exists. */
async function exists(path: string): Promise<boolean> {
  try {
    await service.get(path);
    return true;
  } catch {
    return false;
  }
}

/** The XRD of the template's example XR (kind XR, namespaced), which render needs none of. */
const xrd = {
  apiVersion: 'apiextensions.crossplane.io/v2',
  kind: 'CompositeResourceDefinition',
  metadata: { name: 'xrs.example.crossplane.io' },
  spec: {
    group: 'example.crossplane.io',
    names: { kind: 'XR', plural: 'xrs' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        referenceable: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', properties: { who: { type: 'string' } }, required: ['who'] },
              status: { type: 'object', properties: { greeting: { type: 'string' } } },
            },
          },
        },
      },
    ],
  },
};
