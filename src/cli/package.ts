import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export const packageUsage = `usage: kxp package <command>

commands:
  build [project dir] [flags]   build the function project's Crossplane packages (.xpkg), one per architecture
  push <file|dir>... <registry>/<repository>:<tag> [flags]
                                push packages as one tag (an index when there are several architectures)

build flags:
  -o, --output DIR              where the packages go (default <project>/_output)
  --arch amd64,arm64            architectures to build (default both)
  --runtime-tarballs            also write each architecture's runtime image alone (runtime-<arch>.tar),
                                for crossplane xpkg build --embed-runtime-image-tarball

push flags:
  --insecure                    speak plain HTTP to the registry (loopback and private registries fall back
                                to it on their own)
  --ca-file FILE                a PEM CA bundle to trust beside the system's
  Credentials come from the Docker config ($DOCKER_CONFIG/config.json or ~/.docker/config.json).
`;

/** packageCommand runs `kxp package <subcommand>`. */
export async function packageCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub) {
    console.error(packageUsage);
    return 2;
  }
  if ([sub, ...rest].some((a) => a === '--help' || a === '-h')) {
    console.log(packageUsage);
    return 0;
  }
  if (sub === 'build') return build(rest);
  if (sub === 'push') return push(rest);
  console.error(`kxp package: unknown command ${JSON.stringify(sub)}\n\n${packageUsage}`);
  return 2;
}

async function build(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      arch: { type: 'string' },
      'runtime-tarballs': { type: 'boolean' },
    },
  });
  const arches = (values.arch ?? 'amd64,arm64').split(',').map((a) => a.trim());
  for (const a of arches) {
    if (a !== 'amd64' && a !== 'arm64') throw new Error(`cannot build for ${a}: kxp builds amd64 and arm64`);
  }
  const [{ buildPackages }, { loadFunction }] = await Promise.all([
    import('../package/build.js'),
    import('../function/load.js'),
  ]);
  const started = Date.now();
  const result = await buildPackages(positionals[0] ?? '.', {
    outDir: values.output,
    arches: arches as ('amd64' | 'arm64')[],
    runtimeTarballs: values['runtime-tarballs'] ?? false,
    loadFunction,
    log: (m) => console.error(`kxp package build: ${m}`),
  });
  for (const p of result.packages) {
    const { imageManifest } = await import('../oci/image.js');
    console.log(`${p.file}  ${p.arch}  ${imageManifest(p.image).digest}  ${sizeOf(p.file)}`);
  }
  console.error(
    `kxp package build: ${result.name} ${result.version} built in ${((Date.now() - started) / 1000).toFixed(1)}s; push with: kxp package push ${result.packages.map((p) => p.file).join(' ')} <registry>/<repository>:v${result.version}`,
  );
  return 0;
}

async function push(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { insecure: { type: 'boolean' }, 'ca-file': { type: 'string' } },
  });
  const ref = positionals.at(-1);
  const targets = positionals.slice(0, -1);
  if (!ref || targets.length === 0) {
    console.error(`kxp package push: name the package files and the reference to push to\n\n${packageUsage}`);
    return 2;
  }
  const files = targets.flatMap(packageFiles);
  const { pushPackages } = await import('../package/push.js');
  const pushed = await pushPackages(files, ref, {
    insecure: values.insecure,
    caCertificates: values['ca-file'] ? [readFileSync(values['ca-file'], 'utf8')] : undefined,
    log: (m) => console.error(`kxp package push: ${m}`),
  });
  console.log(`${pushed.reference}@${pushed.digest}`);
  return 0;
}

/** packageFiles returns the file itself, or the .xpkg files of a folder. */
function packageFiles(target: string): string[] {
  if (!existsSync(target)) throw new Error(`cannot push ${target}: no such file or folder`);
  if (!statSync(target).isDirectory()) return [target];
  const files = readdirSync(target)
    .filter((f) => f.endsWith('.xpkg'))
    .sort()
    .map((f) => join(target, f));
  if (files.length === 0) throw new Error(`cannot push ${target}: the folder holds no .xpkg files`);
  return files;
}

/** sizeOf returns a file's size in MB. */
function sizeOf(file: string): string {
  return `${(statSync(file).size / 1e6).toFixed(1)} MB`;
}
