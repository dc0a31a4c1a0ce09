// Starts the real peers once per e2e run; tests find them through KXP_STACK_DIR.
// Jest loads global setup outside its ESM transform, so this uses the built stack (dist/, from
// `npm run build`, which `npm run test:e2e` runs first).
import { startStack } from '../../dist/stack/stack.js';

export default async function globalSetup() {
  const t0 = Date.now();
  const stack = await startStack({
    users: ['team-a', 'team-b', 'kxp-bridge'],
    log: (m) => process.stderr.write(`\n[stack] ${m}`),
  });
  process.stderr.write(`\n[stack] up in ${((Date.now() - t0) / 1000).toFixed(1)}s at ${stack.info.dir}\n`);
  process.env.KXP_STACK_DIR = stack.info.dir;
  globalThis.kxpStack = stack;
}
