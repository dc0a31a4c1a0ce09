import type { KubeObject } from '../../kube/rest.js';
import { GroupedObjects } from './groups.js';

const secret = (name: string, namespace: string, uid?: string): KubeObject => ({
  metadata: { name, namespace, labels: uid ? { 'kxp.dev/uid': uid } : {} },
});
const byUid = () => new GroupedObjects((s) => s.metadata?.labels?.['kxp.dev/uid']);

describe('GroupedObjects', () => {
  it('files Secrets by group and refiles them when their group changes', () => {
    const c = byUid();
    c.observe('a', secret('s1', 'ns', 'u1'), 'LISTED');
    c.observe('a', secret('s2', 'ns', 'u1'), 'ADDED');
    expect(c.in('u1').map((s) => s.metadata?.name)).toEqual(['s1', 's2']);
    c.observe('a', secret('s2', 'ns', 'u2'), 'MODIFIED');
    expect(c.in('u1').map((s) => s.metadata?.name)).toEqual(['s1']);
    expect(c.in('u2').map((s) => s.metadata?.name)).toEqual(['s2']);
    c.observe('a', secret('s1', 'ns', 'u1'), 'DELETED');
    expect(c.in('u1')).toEqual([]);
    c.observe('a', secret('s3', 'ns'), 'ADDED');
    expect(c.size).toBe(1);
  });

  it('is listed only once every source has listed, and forgets a removed source', () => {
    const c = byUid();
    expect(c.listed).toBe(false);
    c.addSource('a');
    c.addSource('b');
    c.setListed('a', true);
    expect(c.listed).toBe(false);
    c.setListed('b', true);
    expect(c.listed).toBe(true);
    c.observe('b', secret('s1', 'ns', 'u1'), 'LISTED');
    c.removeSource('b');
    expect(c.in('u1')).toEqual([]);
    expect(c.listed).toBe(true);
    c.setListed('a', false);
    expect(c.listed).toBe(false);
  });
});
