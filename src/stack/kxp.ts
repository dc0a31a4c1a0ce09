import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * kxpCommand returns the node arguments that run the kxp CLI the stack is part of: dist/cli/main.js
 * when running built, or src/cli/main.ts through tsx when running from source.
 */
export function kxpCommand(): string[] {
  const js = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  if (existsSync(js)) return [js];
  return ['--import', 'tsx', fileURLToPath(new URL('../cli/main.ts', import.meta.url))];
}
