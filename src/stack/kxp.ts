import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * kxpCommand returns the node arguments that run the kxp CLI the stack is part of: dist/cli/main.js
 * when running built, or src/cli/main.ts through tsx when running from source. tsx is named by its
 * absolute URL because `--import tsx` resolves from the child's working directory, which a test may
 * set to a temporary folder outside this checkout.
 */
export function kxpCommand(): string[] {
  const js = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  if (existsSync(js)) return [js];
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--import', tsx, fileURLToPath(new URL('../cli/main.ts', import.meta.url))];
}
