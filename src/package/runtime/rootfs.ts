/**
 * The minimal root filesystem of a kxp function image: the accounts, name resolution through
 * /etc/hosts and DNS, a world-writable /tmp and the home of the user the function runs as.
 */
import type { TarEntry } from '../../oci/tar.js';

/** The uid and gid the function runs as ("nonroot", as in distroless images). */
export const runtimeUser = 65532;

/** The home folder of the runtime user. */
export const runtimeHome = '/home/nonroot';

const passwd = `root:x:0:0:root:/root:/sbin/nologin
nonroot:x:${runtimeUser}:${runtimeUser}:nonroot:${runtimeHome}:/sbin/nologin
`;

const group = `root:x:0:
nonroot:x:${runtimeUser}:
`;

// Without these two lines "localhost" does not resolve: glibc reads /etc/hosts, then DNS.
const hosts = `127.0.0.1 localhost
::1 localhost
`;

const nsswitch = `passwd: files
group: files
hosts: files dns
`;

/**
 * rootfsEntries returns the root filesystem's own entries: /etc/passwd, /etc/group, /etc/hosts,
 * /etc/nsswitch.conf, /tmp (1777), /root (0700) and the runtime user's home (owned by it). Parent
 * folders other than these are not listed (withParents adds them).
 */
export function rootfsEntries(): TarEntry[] {
  const file = (path: string, text: string): TarEntry => ({
    path,
    type: 'file',
    mode: 0o644,
    uid: 0,
    gid: 0,
    content: Buffer.from(text),
  });
  return [
    file('etc/passwd', passwd),
    file('etc/group', group),
    file('etc/hosts', hosts),
    file('etc/nsswitch.conf', nsswitch),
    { path: 'tmp', type: 'directory', mode: 0o1777, uid: 0, gid: 0 },
    { path: 'root', type: 'directory', mode: 0o700, uid: 0, gid: 0 },
    { path: runtimeHome.slice(1), type: 'directory', mode: 0o755, uid: runtimeUser, gid: runtimeUser },
  ];
}
