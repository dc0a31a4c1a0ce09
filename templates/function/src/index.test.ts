/**
 * Runs every case in test/cases with node:test: each folder holds the request's parts (xr.yaml,
 * input.yaml, and optionally context.yaml, observed/, desired/, required/) and expected.yaml, the
 * whole response the function must return. A mismatch fails with a diff.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { expectResponse, loadCase, runFunction } from 'kxp/function/sdk/testing';
import fn from './index.js';

const cases = join(import.meta.dirname, '..', 'test', 'cases');

for (const name of readdirSync(cases).sort()) {
  test(name, async () => {
    const { options, expected } = await loadCase(join(cases, name));
    if (expected === undefined)
      throw new Error(`cannot test ${name}: test/cases/${name} has no expected.yaml`);
    expectResponse(await runFunction(fn, options), expected);
  });
}
