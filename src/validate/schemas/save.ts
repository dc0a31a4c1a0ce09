/**
 * Schemas saved for offline runs: the export's APIResourceSchemas as one multi-document YAML file, which
 * `kxp validate --schemas FILE` reads back.
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

/** saveSchemas writes schemas to file, headed by where they came from; it throws `cannot write ...`. */
export function saveSchemas(file: string, schemas: readonly object[], from: string): void {
  const header = `# The APIResourceSchemas of ${from}, saved by kxp validate --save-schemas.\n# Validate offline with: kxp validate --schemas ${file} <files or folders>\n`;
  const body = schemas.map((s) => `---\n${stringify(s, { lineWidth: 0 })}`).join('');
  try {
    writeFileSync(file, header + body);
  } catch (cause) {
    throw new Error(`cannot write schemas to ${file}: ${(cause as Error).message}`, { cause });
  }
}
