import type { Binding } from '../binding.js';
import { BindingSyncs } from './syncs.js';

const binding = (resource: string): Binding => ({
  export: { workspace: 'root:db', name: 'db' },
  kcp: { group: 'g', version: 'v1', resource, kind: 'K' },
  service: { group: 'g', version: 'v1', resource, kind: 'K' },
  mode: 'xr',
  schemaName: `v1.${resource}.g`,
  xrdName: `${resource}.g`,
});

describe('BindingSyncs', () => {
  it('starts new bindings, keeps unchanged ones, stops removed and changed ones', async () => {
    const events: string[] = [];
    const syncs = new BindingSyncs((b) => {
      events.push(`start ${b.kcp.resource} ${b.schemaName}`);
      return { stop: async () => void events.push(`stop ${b.kcp.resource} ${b.schemaName}`) };
    });
    syncs.update('e', [binding('a'), binding('b')]);
    syncs.update('e', [binding('a'), { ...binding('b'), schemaName: 'v2.b.g' }]);
    syncs.update('e', [binding('a')]);
    await syncs.stopAll();
    expect(events).toEqual([
      'start a v1.a.g',
      'start b v1.b.g',
      'stop b v1.b.g',
      'start b v2.b.g',
      'stop b v2.b.g',
      'stop a v1.a.g',
    ]);
  });
});
