import { parseAllDocuments } from 'yaml';
import { bridgeRights, rightsYAML } from './rights.js';

const rights = bridgeRights(
  {
    exports: [{ workspace: 'root:db', name: 'databases', mode: 'api-first', claims: false }],
    kcpUser: 'kxp-bridge',
    serviceAccount: { namespace: 'kxp-system', name: 'kxp-bridge' },
    eventNamespace: 'default',
  },
  [{ workspace: 'root:db', name: 'databases', mode: 'api-first', kinds: [], xrds: [] }],
);

describe('rightsYAML', () => {
  it.each([
    { only: undefined, comments: ['# kcp, workspace root:db', '# service cluster'], kinds: 2 + 6 },
    { only: 'kcp' as const, comments: ['# kcp, workspace root:db'], kinds: 2 },
    { only: 'service' as const, comments: ['# service cluster'], kinds: 6 },
  ])('prints $only with a comment where each side goes', ({ only, comments, kinds }) => {
    const yaml = rightsYAML(rights, only);
    expect(yaml.split('\n').filter((l) => l.startsWith('#'))).toEqual(comments);
    const docs = parseAllDocuments(yaml).map((d) => d.toJS());
    expect(docs).toHaveLength(kinds);
    expect(docs.every((d) => d.apiVersion && d.kind && d.metadata?.name)).toBe(true);
  });

  it('names no export role while the export binds nothing', () => {
    expect(rights.service.map((o) => o.metadata?.name)).not.toContain(
      'kxp-bridge:kxp-system:kxp-bridge:root:db:databases',
    );
  });
});
