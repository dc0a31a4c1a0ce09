import pino from 'pino';
import { Denials } from './denials.js';
import type { DeniedRight } from './forbidden.js';

const patchExport: DeniedRight = {
  side: 'kcp',
  user: 'kxp-bridge',
  verb: 'patch',
  resource: 'apiexports.apis.kcp.io',
  name: 'x',
  workspace: 'root:db',
};
const watchContent: DeniedRight = {
  side: 'kcp',
  user: 'kxp-bridge',
  verb: 'watch',
  resource: 'caches.x.dev',
  viaExport: 'abc/x',
};

function denials() {
  const lines: string[] = [];
  const log = pino({ level: 'info' }, { write: (l: string) => lines.push(l) });
  let now = 0;
  const d = new Denials(log, { activeMs: 60_000, quietMs: 600_000, now: () => now });
  return { d, lines, at: (ms: number) => (now = ms) };
}

describe('Denials', () => {
  it('logs a denial once however often it is met, and again only after a quiet period', () => {
    const { d, lines, at } = denials();
    for (let t = 0; t < 100; t++) {
      at(t * 1000);
      d.note('root:db/x', 'reconcile', patchExport);
      d.note('root:db/x', 'sync', { ...watchContent, namespace: `ns-${t}` });
    }
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 50,
      verb: 'patch',
      resource: 'apiexports.apis.kcp.io',
    });
    at(700_000);
    d.note('root:db/x', 'reconcile', patchExport);
    expect(lines).toHaveLength(3);
  });

  it('reports watch and sync denials while they are met, and forgets them after activeMs', () => {
    const { d, at } = denials();
    expect(d.note('root:db/x', 'watch', watchContent)).toBe(true);
    expect(d.note('root:db/x', 'watch', watchContent)).toBe(false);
    d.note('root:db/x', 'reconcile', patchExport);
    expect(d.active('root:db/x')).toEqual([watchContent]);
    expect(d.active('root:db/other')).toEqual([]);
    at(61_000);
    expect(d.active('root:db/x')).toEqual([]);
    expect(d.note('root:db/x', 'watch', watchContent)).toBe(true);
  });
});
