/**
 * Running an unpacked image's entrypoint the way a container runtime would, without one: in its own
 * mount and PID namespaces (it is PID 1 there), chrooted into the image's root filesystem mounted
 * read-only, with its own /proc, /tmp and /dev, host folders mounted read-only where a kubelet
 * mounts Secret volumes (a function's server certificate at /tls/server, a ServiceAccount's token),
 * as an unprivileged user, and with only the environment the image and the runtime give it. The
 * network is the host's: Crossplane reaches a function on a loopback port.
 */
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { PeerProcess } from '../stack/process.js';

/** A host folder mounted read-only at a path inside the image, as a Secret volume is. */
export interface Volume {
  /** source is the host folder. */
  source: string;
  /** target is the absolute path inside the image; the folder is made when the image lacks it. */
  target: string;
}

/** What to run, and where. */
export interface SandboxSpec {
  /** name of the process, for its log file <dir>/<name>.log. */
  name: string;
  /** dir holds the log file. */
  dir: string;
  /** root is the unpacked image's root filesystem (it must have proc, dev and tmp folders). */
  root: string;
  /** volumes are host folders mounted read-only inside the root. */
  volumes: Volume[];
  /** command is the image's entrypoint and arguments. */
  command: string[];
  /** env is the whole environment of the process (the image's, then the runtime's). */
  env: Record<string, string>;
  /** uid and gid the process runs as. */
  uid: number;
  gid: number;
  /** workingDir inside the image (its config's WorkingDir). @default '/' */
  workingDir?: string;
}

/** Device nodes a container gets; nothing else of the host's /dev is visible. */
const devices = ['null', 'zero', 'full', 'random', 'urandom'];

/**
 * The script the new namespaces run before the entrypoint: $1 root, $2 uid, $3 gid, $4 working
 * folder, $5 mount, $6 unshare, $7 mkdir (the host's programs: PATH is the image's), $8 the number
 * of volumes, then a source and a target for each, then the command. Volumes are mounted first, then the root is bound over itself with them (recursively)
 * and made read-only. The last unshare only changes root, folder and user (dropping supplementary
 * groups); `exec` makes the entrypoint PID 1, so SIGTERM reaches it.
 */
const setup = `set -eu
root=$1 uid=$2 gid=$3 wd=$4 mount=$5 unshare=$6 mkdir=$7 volumes=$8
shift 8
unset PWD
while [ "$volumes" -gt 0 ]; do
  "$mkdir" -p "$root$2"
  "$mount" --bind "$1" "$root$2"
  "$mount" -o remount,bind,ro,nosuid,nodev "$root$2"
  shift 2
  volumes=$((volumes - 1))
done
"$mount" --rbind "$root" "$root"
"$mount" -o remount,bind,ro,nosuid "$root"
"$mount" -t proc -o nosuid,nodev,noexec proc "$root/proc"
"$mount" -t tmpfs -o nosuid,nodev,mode=1777 tmpfs "$root/tmp"
"$mount" -t tmpfs -o nosuid,mode=755 tmpfs "$root/dev"
for d in ${devices.join(' ')}; do
  : > "$root/dev/$d"
  "$mount" --bind "/dev/$d" "$root/dev/$d"
done
exec "$unshare" --root="$root" --wd="$wd" --setgid="$gid" --setuid="$uid" -- "$@"
`;

/** mountPoints are the folders an image's root must have for the sandbox to mount over. */
export const mountPoints = ['proc', 'dev', 'tmp'];

/**
 * A process running in its sandbox. It stays in the runtime's process group, so whatever kills the
 * runtime's group kills it too (no function outlives a killed platform); stopping it asks the
 * namespace's PID 1 (the entrypoint) with SIGTERM, since unshare itself ignores SIGTERM, and kills
 * unshare after the grace period, which takes the whole namespace with it.
 */
export class SandboxedProcess {
  constructor(readonly process: PeerProcess) {}

  get running(): boolean {
    return this.process.running;
  }

  get exited(): Promise<number | null> {
    return this.process.exited;
  }

  /** tail returns the last lines the entrypoint wrote, each cut to 300 characters. */
  tail(lines = 25): string {
    return this.process
      .tail(lines)
      .split('\n')
      .map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l))
      .join('\n');
  }

  /** stop sends SIGTERM to the entrypoint, then SIGKILL after graceMs, and waits for the exit. */
  stop(graceMs = 10_000): Promise<void> {
    return this.process.stop(graceMs, namespaceInit(this.process.pid));
  }
}

/** namespaceInit returns the PID (on the host) of unshare's forked child: the namespace's PID 1. */
function namespaceInit(unsharePid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim();
    const first = Number(children.split(/\s+/)[0]);
    return Number.isInteger(first) && first > 0 ? first : undefined;
  } catch {
    return undefined;
  }
}

/**
 * startSandboxed starts spec.command in its sandbox and returns the process. Without root it runs
 * in a user namespace as the namespace's root, since only root can mount.
 */
export function startSandboxed(spec: SandboxSpec): SandboxedProcess {
  for (const m of mountPoints) {
    if (!existsSync(join(spec.root, m))) {
      throw new Error(`cannot run ${spec.name}: its root filesystem ${spec.root} has no /${m} to mount over`);
    }
  }
  const privileged = process.getuid?.() === 0;
  const unshare = [
    ...(privileged ? [] : ['--user', '--map-root-user']),
    '--mount',
    '--pid',
    '--fork',
    '--kill-child',
    '--propagation',
    'private',
  ];
  const args = [
    ...unshare,
    hostBinary('sh'),
    '-c',
    setup,
    'kxp-sandbox',
    spec.root,
    String(privileged ? spec.uid : 0),
    String(privileged ? spec.gid : 0),
    spec.workingDir || '/',
    hostBinary('mount'),
    hostBinary('unshare'),
    hostBinary('mkdir'),
    String(spec.volumes.length),
    ...spec.volumes.flatMap((v) => [v.source, volumeTarget(v.target)]),
    ...spec.command,
  ];
  const p = PeerProcess.start(spec.name, hostBinary('unshare'), args, {
    dir: spec.dir,
    env: spec.env,
    cleanEnv: true,
    ownGroup: false,
  });
  return new SandboxedProcess(p);
}

/** volumeTarget returns a volume's absolute path inside the image, refusing one that would leave it. */
function volumeTarget(target: string): string {
  if (!target.startsWith('/') || target.split('/').includes('..')) {
    throw new Error(`cannot mount a volume at ${target}: want an absolute path inside the image`);
  }
  return target;
}

/** hostBinary returns the absolute path of a host program on PATH (the sandbox's PATH is the image's). */
export function hostBinary(name: string): string {
  const dirs = (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin']);
  for (const d of dirs) {
    const file = join(d, name);
    if (d && existsSync(file)) return file;
  }
  throw new Error(
    `cannot run function images: ${name} is not installed (Debian's util-linux and coreutils provide unshare, mount and mkdir)`,
  );
}
