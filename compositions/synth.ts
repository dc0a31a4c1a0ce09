/**
 * synth: writes every composition here as YAML, one folder each under compositions/dist/:
 * xrd.yaml, composition.yaml, functions.yaml and an example xr.yaml, ready for kubectl apply,
 * `kxp render` and `crossplane render`. Run it with `make synth`
 * (`node --import tsx compositions/synth.ts [outdir]`).
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App } from 'cdk8s';
import { appConfig } from './app-config/index.js';
import { postgresqlClaim, postgresqlNamespaced } from './postgresql/index.js';
import { webApp } from './web-app/index.js';

/** Every composition, by the folder it is written to. */
export const compositions: Record<string, (app: App) => void> = {
  'app-config': appConfig,
  'web-app': webApp,
  postgresql: postgresqlClaim,
  'postgresql-v2': postgresqlNamespaced,
};

/** defaultOutdir is compositions/dist. */
export const defaultOutdir = fileURLToPath(new URL('./dist', import.meta.url));

/** synthAll writes every composition under outdir (emptied first) and returns the folders written. */
export function synthAll(outdir: string = defaultOutdir): string[] {
  rmSync(outdir, { recursive: true, force: true });
  return Object.entries(compositions).map(([name, build]) => {
    const dir = join(outdir, name);
    const app = new App({ outdir: dir, outputFileExtension: '.yaml' });
    build(app);
    app.synth();
    return dir;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  for (const dir of synthAll(process.argv[2] ? resolve(process.argv[2]) : defaultOutdir)) {
    console.log(`synthesised ${dir}`);
  }
}
