#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { bridgeCommand } from './bridge.js';
import { functionCommand } from './function.js';
import { renderCommand } from './render.js';
import { defaultUpDir, down, summary, up } from './up.js';

const usage = `usage: kxp <command> [flags]

commands:
  up     [--dir ${defaultUpDir}]   start the local platform (kcp, service cluster, Crossplane) and leave it running
  down   [--dir ${defaultUpDir}]   stop the local platform started by up
  function serve <module>     serve a TypeScript composition function over gRPC (kxp function --help)
  bridge [flags]              bind kcp APIExports and Crossplane XRDs (kxp bridge --help)
  render <xr> <composition> [<functions>]
                              run a Composition's pipeline in process, like crossplane render
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'function') return functionCommand(rest);
  if (command === 'bridge') return bridgeCommand(rest);
  if (command === 'render') return renderCommand(rest);
  const { values } = parseArgs({ args: rest, options: { dir: { type: 'string', default: defaultUpDir } } });
  const dir = values.dir ?? defaultUpDir;
  switch (command) {
    case 'up': {
      const info = await up(dir, (m) => console.error(`kxp up: ${m}`));
      console.log(summary(info));
      return 0;
    }
    case 'down': {
      const stopped = await down(dir);
      console.log(
        stopped.length ? `kxp down: stopped ${stopped.join(', ')}` : 'kxp down: nothing was running',
      );
      return 0;
    }
    default:
      console.error(usage);
      return command ? 2 : 0;
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
