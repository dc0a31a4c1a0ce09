/**
 * The package.json of a new function project. It is written from code rather than a template: the
 * versions in it are kxp's own (the kxp release, and the zod, TypeScript and @types/node it is
 * built and tested with), read from kxp's package.json.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** What a project's package.json takes from kxp's: its name, version, engines and dependency ranges. */
export interface KxpPackage {
  name: string;
  version: string;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** kxpPackageFile returns the path of kxp's own package.json. */
export function kxpPackageFile(): string {
  // This module is src/init/package-json.ts, or dist/init/package-json.js in the package.
  return fileURLToPath(new URL('../../package.json', import.meta.url));
}

/** readKxpPackage returns kxp's own package.json. */
export async function readKxpPackage(file: string = kxpPackageFile()): Promise<KxpPackage> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as KxpPackage;
  } catch (err) {
    throw new Error(`cannot read kxp's package.json ${file}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * functionPackageJson returns the package.json of the function project called name, as text. Its
 * author and repository are placeholders for the user to edit: `kxp package build` makes the
 * package's maintainer and source annotations of them.
 */
export function functionPackageJson(name: string, kxp: KxpPackage): string {
  const pkg = {
    name,
    version: '0.1.0',
    description: 'A Crossplane composition function written in TypeScript with kxp.',
    license: 'Apache-2.0',
    author: 'Your Name <you@example.com>',
    repository: { type: 'git', url: `https://github.com/your-org/${name}` },
    private: true,
    type: 'module',
    engines: { node: kxp.engines?.node ?? '>=20.19' },
    scripts: {
      test: 'tsc --noEmit && node --import tsx --test src/*.test.ts',
      serve: 'kxp function serve src/index.ts --insecure',
      render: 'kxp render examples/xr.yaml examples/composition.yaml examples/functions.yaml',
      package: 'kxp package build',
    },
    dependencies: {
      [kxp.name]: `^${kxp.version}`,
      zod: versionOf(kxp, 'zod'),
    },
    devDependencies: {
      '@types/node': versionOf(kxp, '@types/node'),
      typescript: versionOf(kxp, 'typescript'),
    },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** versionOf returns the version range kxp's package.json gives dependency, or throws when it gives none. */
function versionOf(kxp: KxpPackage, dependency: string): string {
  const range = kxp.dependencies?.[dependency] ?? kxp.devDependencies?.[dependency];
  if (range === undefined) {
    throw new Error(`cannot write a function project's package.json: kxp's names no ${dependency} version`);
  }
  return range;
}
