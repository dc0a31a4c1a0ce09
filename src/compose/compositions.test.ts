// The compositions in compositions/: they synthesise, and app-config says what examples/app-config says.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { synthAll } from '../../compositions/synth.js';
import { getField } from '../function/sdk/fieldpath.js';
import type { JsonObject, JsonValue } from '../function/wire/types.js';

const outdir = mkdtempSync(join(tmpdir(), 'kxp-compositions-'));
const dirs = synthAll(outdir);
const read = (dir: string, file: string) => parse(readFileSync(join(dir, file), 'utf8')) as JsonObject;
const example = (file: string) =>
  parse(readFileSync(join('examples', 'app-config', file), 'utf8')) as JsonObject;

/** structure returns a schema with only what says which fields exist and of what type. */
function structure(v: JsonValue | undefined): JsonValue | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const out: JsonObject = {};
  for (const k of ['type', 'required', 'items', 'additionalProperties'] as const) {
    if (v[k] !== undefined) out[k] = structure(v[k]) ?? null;
  }
  if (typeof v.properties === 'object' && v.properties !== null && !Array.isArray(v.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(v.properties).map(([k, p]) => [k, structure(p) ?? null]),
    );
  }
  return out;
}

describe('compositions/', () => {
  it('synthesises each composition into xrd, composition, functions and an example xr', () => {
    expect(dirs.map((d) => d.slice(outdir.length + 1))).toEqual([
      'app-config',
      'web-app',
      'postgresql',
      'postgresql-v2',
    ]);
    for (const dir of dirs) {
      expect(readdirSync(dir).sort()).toEqual(['composition.yaml', 'functions.yaml', 'xr.yaml', 'xrd.yaml']);
    }
  });

  it("names each Function's module relative to functions.yaml, and the module exists", () => {
    for (const dir of dirs) {
      const fn = read(dir, 'functions.yaml') as { metadata: { annotations: Record<string, string> } };
      const module = fn.metadata.annotations['render.kxp.dev/module'] ?? '';
      expect(existsSync(resolve(dirname(join(dir, 'functions.yaml')), module))).toBe(true);
    }
  });

  it('app-config is examples/app-config written in TypeScript: the same API and Composition', () => {
    const dir = join(outdir, 'app-config');
    const xrd = read(dir, 'xrd.yaml') as { spec: JsonObject } & JsonObject;
    const want = example('xrd.yaml') as { spec: JsonObject } & JsonObject;
    expect(xrd.metadata).toEqual(want.metadata);
    for (const k of ['group', 'scope']) expect(xrd.spec[k]).toEqual(want.spec[k]);
    expect(xrd.spec.names).toMatchObject(want.spec.names as JsonObject);
    const schema = (x: JsonObject) => getField(x, 'spec.versions[0].schema.openAPIV3Schema');
    expect(structure(schema(xrd))).toEqual(structure(schema(want)));
    expect(read(dir, 'composition.yaml')).toEqual(example('composition.yaml'));
    expect(read(dir, 'xr.yaml')).toEqual(example('xr.yaml'));
  });

  it('web-app is a legacy XRD with a claim, whose schema is the cdk8s-example function zod schema', () => {
    const xrd = read(join(outdir, 'web-app'), 'xrd.yaml');
    expect(xrd.apiVersion).toBe('apiextensions.crossplane.io/v1');
    expect(xrd.spec).toMatchObject({
      scope: 'LegacyCluster',
      claimNames: { kind: 'WebApp', plural: 'webapps' },
    });
    expect(getField(xrd, 'spec.versions[0].schema.openAPIV3Schema')).toMatchObject({
      description: 'A web application: an image run by a Deployment behind a Service.',
      properties: {
        spec: {
          required: ['image'],
          properties: { replicas: { type: 'integer', default: 1, minimum: 0, maximum: 20 } },
        },
        status: { properties: { address: { type: 'string' } } },
      },
    });
  });
});
