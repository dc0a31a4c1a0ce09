import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pinned peers, from peers/peers.json (the file peers/build.sh builds from). */
interface PeerPin {
  version: string;
  binaries: Record<string, string>;
}

const pinsFile = fileURLToPath(new URL('../../peers/peers.json', import.meta.url));

function pins(): Record<string, PeerPin> {
  return JSON.parse(readFileSync(pinsFile, 'utf8')) as Record<string, PeerPin>;
}

/** peersCacheDir returns where peers/build.sh installs binaries (KXP_PEERS_DIR overrides it). */
export function peersCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return process.env.KXP_PEERS_DIR || join(xdg, 'kxp', 'peers');
}

/** peerDir returns the directory holding a built peer, failing with the command that builds it. */
export function peerDir(name: string): string {
  const pin = pins()[name];
  if (!pin) throw new Error(`unknown peer ${name}: not in ${pinsFile}`);
  const dir = join(peersCacheDir(), `${name}-${pin.version}`);
  if (!existsSync(join(dir, '.complete'))) {
    throw new Error(
      `peer ${name} ${pin.version} is not built in ${dir}: run \`make peers\` (or peers/build.sh ${name})`,
    );
  }
  return dir;
}

/** peerBinary returns the path of one of a peer's binaries. */
export function peerBinary(name: string, binary = name): string {
  return join(peerDir(name), binary);
}
