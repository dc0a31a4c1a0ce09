// Stops every process the run started. KXP_KEEP_STACK=1 keeps the state folder and logs.
import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const stack = globalThis.kxpStack;
  if (!stack) return;
  await stack.stop();
  if (process.env.KXP_KEEP_STACK !== '1') rmSync(stack.info.dir, { recursive: true, force: true });
}
