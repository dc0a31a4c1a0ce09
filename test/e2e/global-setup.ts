import { startStack } from '../../src/stack/stack.js';

/** Starts the real peers once per e2e run; tests find them through KXP_STACK_DIR. */
export default async function globalSetup(): Promise<void> {
  const t0 = Date.now();
  const stack = await startStack({
    users: ['team-a', 'team-b'],
    log: (m) => process.stderr.write(`\n[stack] ${m}`),
  });
  process.stderr.write(`\n[stack] up in ${((Date.now() - t0) / 1000).toFixed(1)}s at ${stack.info.dir}\n`);
  process.env.KXP_STACK_DIR = stack.info.dir;
  (globalThis as { kxpStack?: unknown }).kxpStack = stack;
}
