import { rmSync } from 'node:fs';
import type { Stack } from '../../src/stack/stack.js';

/** Stops every process the run started; keeps the logs when a test failed (KXP_KEEP_STACK=1). */
export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as { kxpStack?: Stack }).kxpStack;
  if (!stack) return;
  await stack.stop();
  if (process.env.KXP_KEEP_STACK !== '1') rmSync(stack.info.dir, { recursive: true, force: true });
}
