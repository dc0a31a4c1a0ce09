/**
 * The files a run reads: files named on the command line (any extension), folders walked recursively for
 * `.yaml`, `.yml` and `.json` files (hidden folders and node_modules left out), `-` for standard input,
 * and Kustomize-style folders followed through their kustomization (kustomize.ts). Each file is read once.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Note } from '../types.js';
import { isRemote, kustomizationIn, kustomizationNames, readKustomization } from './kustomize.js';

/** Source is one file to read, and the namespace a kustomization sets on its objects. */
export interface Source {
  file: string;
  text: string;
  namespace?: string;
}

/** Collected is every file a run reads, and notes on what it did not follow. */
export interface Collected {
  sources: Source[];
  notes: Note[];
}

/** WalkOptions: whether kustomizations are followed, and how standard input is read. */
export interface WalkOptions {
  kustomize?: boolean;
  stdin?: () => Promise<string>;
}

const extensions = /\.(ya?ml|json)$/i;

/**
 * collectSources returns the files of inputs, in the order given and, within a folder, by name. A path that
 * does not exist throws `cannot read <path>`.
 */
export async function collectSources(
  inputs: readonly string[],
  options: WalkOptions = {},
): Promise<Collected> {
  const walker = new Walker(options.kustomize ?? true);
  for (const input of inputs) {
    if (input === '-') {
      if (!options.stdin) throw new Error('cannot read standard input here');
      walker.out.sources.push({ file: '<stdin>', text: await options.stdin() });
      continue;
    }
    walker.path(resolve(input), undefined, true);
  }
  return walker.out;
}

class Walker {
  readonly out: Collected = { sources: [], notes: [] };
  private readonly seen = new Set<string>();

  constructor(private readonly kustomize: boolean) {}

  /** path reads a file or folder; named says the user named it (any extension is read then). */
  path(path: string, namespace: string | undefined, named: boolean): void {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch (cause) {
      throw new Error(`cannot read ${shown(path)}: ${(cause as Error).message}`, { cause });
    }
    if (stat.isDirectory()) this.folder(path, namespace);
    else if (this.kustomize && kustomizationNames.includes(basename(path)))
      this.kustomization(path, namespace);
    else if (named || extensions.test(path)) this.file(path, namespace);
  }

  private once(path: string): boolean {
    const real = realpathSync(path);
    if (this.seen.has(real)) return false;
    this.seen.add(real);
    return true;
  }

  private file(path: string, namespace: string | undefined): void {
    if (!this.once(path)) return;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (cause) {
      throw new Error(`cannot read ${shown(path)}: ${(cause as Error).message}`, { cause });
    }
    this.out.sources.push(
      namespace === undefined ? { file: shown(path), text } : { file: shown(path), text, namespace },
    );
  }

  private folder(dir: string, namespace: string | undefined): void {
    const kustomization = this.kustomize ? kustomizationIn(dir) : undefined;
    if (kustomization) {
      this.kustomization(kustomization, namespace);
      return;
    }
    if (!this.once(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) this.folder(path, namespace);
      else if (extensions.test(entry.name)) this.file(path, namespace);
    }
  }

  /** kustomization reads the kustomization file itself (its documents are counted as skipped), then its entries. */
  private kustomization(file: string, outer: string | undefined): void {
    if (!this.once(dirname(file))) return;
    const k = readKustomization(file);
    const namespace = outer ?? k.namespace;
    this.file(file, undefined);
    if (k.ignored.length > 0) {
      this.out.notes.push({
        file: shown(file),
        message: `${k.ignored.join(', ')} not applied: its resources are validated as written (kustomize build ${shown(dirname(file))} | kxp validate - validates what kustomize renders)`,
      });
    }
    for (const entry of k.entries) {
      if (isRemote(entry)) {
        this.out.notes.push({ file: shown(file), message: `remote resource ${entry} not followed` });
        continue;
      }
      const path = resolve(dirname(file), entry);
      const isDir = (() => {
        try {
          return statSync(path).isDirectory();
        } catch {
          return false;
        }
      })();
      if (isDir && !kustomizationIn(path)) {
        this.out.notes.push({
          file: shown(file),
          message: `${entry} has no kustomization (kustomize would refuse it); its files are read as a plain folder`,
        });
      }
      this.path(path, namespace, true);
    }
  }
}

/** shown returns a path as reports show it: relative to the working folder when it is inside it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? basename(path) : rel.startsWith('..') ? path : rel;
}
