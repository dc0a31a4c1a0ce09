import pino from 'pino';
import { startBridge } from '../bridge/bridge.js';
import { bridgeUsage, configFrom } from '../bridge/config.js';
import { stopOnSignals } from '../lifecycle/signals.js';

/**
 * bridgeCommand runs `kxp bridge`: settings from flags, env and --config, then the bridge until
 * SIGTERM or SIGINT, when it stops reconciling, releases its lease and exits.
 */
export async function bridgeCommand(args: string[]): Promise<number> {
  if (args[0] === 'rbac') return (await import('./bridge-rbac.js')).bridgeRBACCommand(args.slice(1));
  if (args[0] === 'image') return (await import('./bridge-deploy.js')).imageCommand(args.slice(1));
  if (args[0] === 'manifests') return (await import('./bridge-deploy.js')).manifestsCommand(args.slice(1));
  if (args.includes('--help') || args.includes('-h')) {
    console.log(bridgeUsage);
    return 0;
  }
  const config = configFrom({ args, env: process.env });
  const log = pino({ level: config.logLevel });
  const bridge = await startBridge(config, log);
  stopOnSignals(() => bridge.stop(), log);
  return -1; // keep running until a signal stops the bridge
}
