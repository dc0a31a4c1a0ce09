/**
 * The files a new project is made from. They live as ordinary files under templates/<kind>/ in the
 * kxp package (so they read, lint and diff as what they become), with __KEY__ placeholders that
 * renderTemplate fills in.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file of a project: its path relative to the project folder, with forward slashes, and its text. */
export interface ProjectFile {
  path: string;
  text: string;
}

/**
 * Template files whose names npm or git would treat specially if they were shipped as they are
 * called in a project (npm leaves .gitignore files out of a package), by template path.
 */
const renamed: Readonly<Record<string, string>> = { gitignore: '.gitignore' };

/** templatesDir returns the folder of the templates of a kind of project (e.g. function). */
export function templatesDir(kind: string): string {
  // This module is src/init/templates.ts, or dist/init/templates.js in the package: both two below it.
  return fileURLToPath(new URL(`../../templates/${kind}/`, import.meta.url));
}

/**
 * readTemplates returns the files under dir, sorted by path, each with the path it has in a
 * project (see renamed) and its text as written, placeholders and all.
 */
export async function readTemplates(dir: string): Promise<ProjectFile[]> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch (err) {
    throw new Error(`cannot read templates in ${dir}: ${(err as Error).message}`, { cause: err });
  }
  const files: ProjectFile[] = [];
  for (const entry of entries.sort()) {
    const file = join(dir, entry);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EISDIR') continue;
      throw new Error(`cannot read template ${file}: ${(err as Error).message}`, { cause: err });
    }
    const path = relative(dir, file).split(sep).join('/');
    files.push({ path: renamed[path] ?? path, text });
  }
  return files;
}

/**
 * renderTemplate returns text with each placeholder __KEY__ (upper-case letters, digits and single
 * underscores) replaced by values[key], key in lower case; it throws naming a placeholder that values
 * has no value for (a template and its renderer out of step). The placeholders stay valid YAML,
 * TypeScript and Markdown, so the templates parse and lint as the files they become.
 */
export function renderTemplate(text: string, values: Readonly<Record<string, string>>, what: string): string {
  return text.replace(/__([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)__/g, (_, key: string) => {
    const value = values[key.toLowerCase()];
    if (value === undefined)
      throw new Error(`cannot render ${what}: it names __${key}__, which has no value`);
    return value;
  });
}
