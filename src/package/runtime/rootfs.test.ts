import { posix } from 'node:path';
import { withParents } from './entries.js';
import { rootfsEntries, runtimeHome, runtimeUser } from './rootfs.js';

const entries = withParents(rootfsEntries());
const byPath = new Map(entries.map((e) => [e.path, e]));
const text = (path: string) => byPath.get(path)?.content?.toString() ?? '';

describe('rootfsEntries', () => {
  it('lists, with its folders, every entry with a relative path whose parent folder is listed first', () => {
    entries.forEach((e, i) => {
      expect(e.path).not.toMatch(/^\/|\/$|(^|\/)\.\.?(\/|$)/);
      const parent = posix.dirname(e.path);
      if (parent === '.') return;
      const at = entries.findIndex((p) => p.path === parent);
      expect(entries[at]?.type).toBe('directory');
      expect(at).toBeLessThan(i);
    });
  });

  it('gives everything to root except the runtime user home', () => {
    for (const e of entries) {
      const owner = e.path === runtimeHome.slice(1) ? runtimeUser : 0;
      expect([e.path, e.uid ?? 0, e.gid ?? 0]).toEqual([e.path, owner, owner]);
    }
  });

  it('has a world-writable sticky /tmp and a private /root', () => {
    expect(byPath.get('tmp')).toMatchObject({ type: 'directory', mode: 0o1777 });
    expect(byPath.get('root')).toMatchObject({ type: 'directory', mode: 0o700 });
  });

  it('has the runtime user 65532 (nonroot) in passwd and group', () => {
    expect(runtimeUser).toBe(65532);
    expect(text('etc/passwd').split('\n')).toContain(
      'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin',
    );
    expect(text('etc/passwd')).toMatch(/^root:x:0:0:/);
    expect(text('etc/group').split('\n')).toContain('nonroot:x:65532:');
  });

  it('resolves localhost from /etc/hosts, then DNS', () => {
    expect(text('etc/hosts').split('\n')).toEqual(
      expect.arrayContaining(['127.0.0.1 localhost', '::1 localhost']),
    );
    expect(text('etc/nsswitch.conf').split('\n')).toContain('hosts: files dns');
  });

  it('makes every file readable by all', () => {
    for (const e of entries.filter((x) => x.type === 'file')) expect(e.mode).toBe(0o644);
  });
});
