#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { defaultUpDir } from './defaults.js';

// Commands are loaded when they run: a function server should not carry the bridge, the renderer
// and the stack in its memory (measured: 224 MiB at start with everything loaded, 108 MiB without).

const usage = `usage: kxp <command> [flags]

commands:
  up     [--dir ${defaultUpDir}] [--shards N]
                              start the local platform (kcp, service cluster, Crossplane) and leave it running;
                              --shards 2 runs kcp sharded: a cache server, root and shard-1 behind kcp-front-proxy
  down   [--dir ${defaultUpDir}]   stop the local platform started by up
  function serve <module>     serve a TypeScript composition function over gRPC (kxp function --help)
  function runtime [flags]    run the function packages Crossplane installed, on this machine
  bridge [flags]              bind kcp APIExports and Crossplane XRDs (kxp bridge --help)
  catalog [flags]             serve the service catalog web app for consumer teams (kxp catalog --help)
  import [flags]              write cdk8s constructs and types for an export's APIs (kxp import --help)
  render <xr> <composition> [<functions>]
                              run a Composition's pipeline in process, like crossplane render
  init function <dir>         create a composition function project (kxp init --help)
  validate <files or folders> check claims and XRs offline against XRDs, CRDs or an export's schemas
  package build|push          build a function project's Crossplane packages, push them to a registry
`;

/** The commands with modules of their own, each loaded only when it runs. */
const commands: Record<string, (args: string[]) => Promise<number>> = {
  function: async (a) => (await import('./function.js')).functionCommand(a),
  bridge: async (a) => (await import('./bridge.js')).bridgeCommand(a),
  catalog: async (a) => (await import('./catalog.js')).catalogCommand(a),
  import: async (a) => (await import('./import.js')).importCommand(a),
  render: async (a) => (await import('./render.js')).renderCommand(a),
  validate: async (a) => (await import('./validate.js')).validateCommand(a),
  init: async (a) => (await import('./init.js')).initCommand(a),
  package: async (a) => (await import('./package.js')).packageCommand(a),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const run = command && Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (run) return run(rest);
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(usage);
    return 0;
  }
  const { values } = parseArgs({
    args: rest,
    options: { dir: { type: 'string', default: defaultUpDir }, shards: { type: 'string', default: '1' } },
  });
  const dir = values.dir ?? defaultUpDir;
  switch (command) {
    case 'up': {
      const { summary, up } = await import('./up.js');
      const shards = Number(values.shards);
      if (!Number.isInteger(shards) || shards < 1) {
        console.error(`kxp up: --shards ${values.shards}: want a whole number of kcp shards, 1 or more`);
        return 2;
      }
      const info = await up(dir, (m) => console.error(`kxp up: ${m}`), shards);
      console.log(summary(info));
      return 0;
    }
    case 'down': {
      const { down } = await import('./up.js');
      const stopped = await down(dir);
      console.log(
        stopped.length ? `kxp down: stopped ${stopped.join(', ')}` : 'kxp down: nothing was running',
      );
      return 0;
    }
    case '--help':
    case '-h':
    case 'help':
      console.log(usage);
      return 0;
    default:
      console.error(command ? `kxp: unknown command ${JSON.stringify(command)}\n\n${usage}` : usage);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(`kxp: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
