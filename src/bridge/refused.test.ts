import type { ExportConfig } from './config.js';
import type { DeniedRight } from './forbidden.js';
import { ownsXRD, refusedReports, withDenials } from './refused.js';
import type { ResourceReport } from './status.js';

const e = (mode: ExportConfig['mode']): ExportConfig => ({
  workspace: 'root:db',
  name: 'x',
  mode,
  claims: false,
});
const denied: DeniedRight = {
  side: 'kcp',
  user: 'b',
  verb: 'watch',
  resource: 'caches.a.dev',
  viaExport: 'c/x',
};

describe('ownsXRD', () => {
  it.each([
    {
      name: 'labelled, crossplane-first',
      mode: 'crossplane-first' as const,
      meta: { labels: { 'kxp.dev/export': 'x' } },
      expected: true,
    },
    {
      name: 'labelled for another',
      mode: 'crossplane-first' as const,
      meta: { labels: { 'kxp.dev/export': 'y' } },
      expected: false,
    },
    {
      name: 'derived, api-first',
      mode: 'api-first' as const,
      meta: { annotations: { 'kxp.dev/source-export': 'root:db/x' } },
      expected: true,
    },
    {
      name: 'derived from another',
      mode: 'api-first' as const,
      meta: { annotations: { 'kxp.dev/source-export': 'root:o/x' } },
      expected: false,
    },
  ])('$name', ({ mode, meta, expected }) => {
    expect(ownsXRD(e(mode), { metadata: { name: 'n', ...meta } })).toBe(expected);
  });
});

describe('refusedReports', () => {
  it('keys each XRD as its resource, claims first', () => {
    const reports = refusedReports(
      [
        {
          metadata: { name: 'xcaches.a.dev' },
          spec: { group: 'a.dev', names: { plural: 'xcaches' }, claimNames: { plural: 'caches' } },
        },
        { metadata: { name: 'odd' } },
      ],
      'why',
    );
    expect(reports.map((r) => [r.key, r.state, r.reason, r.message, r.xrdName])).toEqual([
      ['caches.a.dev', 'refused', 'Forbidden', 'why', 'xcaches.a.dev'],
      ['odd', 'refused', 'Forbidden', 'why', 'odd'],
    ]);
  });
});

describe('withDenials', () => {
  const report = (state: ResourceReport['state']): ResourceReport => ({
    key: state,
    state,
    reason: 'R',
    message: 'm',
  });
  const out = { bindings: [], reports: [report('bound'), report('refused'), report('pending')] };

  it('changes nothing without denials', () => {
    expect(withDenials(out, [])).toBe(out);
  });

  it('makes what is not refused already Forbidden, naming the right', () => {
    const reports = withDenials(out, [denied]).reports;
    expect(reports.map((r) => [r.state, r.reason])).toEqual([
      ['refused', 'Forbidden'],
      ['refused', 'R'],
      ['refused', 'Forbidden'],
    ]);
    expect(reports[0]?.message).toMatch(
      /may not watch caches.a.dev through the virtual workspace of APIExport x/,
    );
  });
});
