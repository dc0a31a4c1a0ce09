import pino from 'pino';
import { startBridge } from '../bridge/bridge.js';
import { bridgeUsage, configFrom } from '../bridge/config.js';

/**
 * bridgeCommand runs `kxp bridge`: settings from flags, env and --config, then the bridge until
 * SIGTERM or SIGINT, when it stops reconciling, releases its lease and exits.
 */
export async function bridgeCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(bridgeUsage);
    return 0;
  }
  const config = configFrom({ args, env: process.env });
  const log = pino({ level: config.logLevel });
  const bridge = await startBridge(config, log);
  const stop = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'stopping');
    bridge.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'cannot stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return -1; // keep running until a signal stops the bridge
}
