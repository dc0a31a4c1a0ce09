/**
 * An export's schemas saved for offline runs: its APIResourceSchemas as one multi-document YAML file,
 * which `kxp validate --schemas FILE` and `kxp import --schemas FILE` read back without kcp.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

/** saveSchemas writes schemas to file, headed by where they came from; it throws `cannot write ...`. */
export function saveSchemas(file: string, schemas: readonly object[], from: string): void {
  const header = [
    `# The APIResourceSchemas of ${from}, saved with --save-schemas.`,
    `# Read them offline with: kxp validate --schemas ${file} <files or folders>`,
    `#                     or: kxp import --schemas ${file}`,
    '',
  ].join('\n');
  const body = schemas.map((s) => `---\n${stringify(s, { lineWidth: 0 })}`).join('');
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, header + body);
  } catch (cause) {
    throw new Error(`cannot write schemas to ${file}: ${(cause as Error).message}`, { cause });
  }
}
