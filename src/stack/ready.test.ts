import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PeerProcess } from './process.js';
import { waitUntil } from './ready.js';

const dir = () => mkdtempSync(join(tmpdir(), 'kxp-test-'));

describe('waitUntil', () => {
  it('names the peer and shows its log when the process exits early', async () => {
    const p = PeerProcess.start('flaky', '/bin/sh', ['-c', 'echo "listen tcp: address in use"; exit 3'], {
      dir: dir(),
    });
    await p.exited;
    await expect(
      waitUntil('flaky', 'its port', async () => false, { timeoutMs: 5000, process: p }),
    ).rejects.toThrow(/flaky exited before its port[\s\S]*address in use/);
  });

  it('names the peer, what it waited for and the last error on timeout', async () => {
    const check = async (): Promise<boolean> => {
      throw new Error('connection refused');
    };
    await expect(
      waitUntil('kcp', 'the root workspace', check, { timeoutMs: 300, intervalMs: 50 }),
    ).rejects.toThrow(
      /kcp: timed out after 0.3s waiting for the root workspace\nlast error: connection refused/,
    );
  });

  it('returns once the check passes', async () => {
    let n = 0;
    await waitUntil('x', 'three tries', async () => ++n === 3, { timeoutMs: 5000, intervalMs: 10 });
    expect(n).toBe(3);
  });
});

describe('PeerProcess.stop', () => {
  it('stops the whole process group, escalating to SIGKILL', async () => {
    const p = PeerProcess.start('stubborn', '/bin/sh', ['-c', 'trap "" TERM; sleep 30 & wait'], {
      dir: dir(),
    });
    await new Promise((r) => setTimeout(r, 100));
    await p.stop(300);
    expect(p.running).toBe(false);
  });
});
