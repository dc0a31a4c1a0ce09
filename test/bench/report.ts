/**
 * The function benchmark's printed results: the load table with kxp's ratios to the TypeScript
 * SDK on the same Node and to the Go SDK, the start times, and a PASS or MISS line per target.
 */
import { type ImageSize, mb } from './image-size.js';
import { type Implementation, type LoadResult, labels } from './servers.js';
import { median, type Probe } from './startup.js';

/** One implementation's figures at one size: the medians of its rounds, and its peak RSS. */
export interface Row {
  impl: Implementation;
  size: number;
  load: LoadResult;
  rssMiB: number;
  /** cpuUsPerCall is the server's CPU time (user and system, all threads) per call, in microseconds. */
  cpuUsPerCall: number;
}

/** One implementation's start times to a probe's first good answer. */
export interface Startup {
  impl: Implementation;
  probe: Probe;
  ms: number[];
}

/** Which TypeScript SDK run each kxp run is compared with: the one on the same Node. */
const sameNode: Partial<Record<Implementation, Implementation>> = { kxp: 'ts-sdk', 'kxp-pkg': 'ts-sdk-24' };

/** The targets: kxp from the sources against the SDKs, and the package's (issue 11's "Measure"). */
export const targets = {
  /** kxp's requests/s at the largest size over the TypeScript SDK's, and over the Go SDK's. */
  source: { overTsSdk: 2, overGoSdk: 0.5 },
  packaged: { overTsSdk: 2.5, servingMs: 400, imageMB: 45 },
};

/** find returns impl's row at size, if it ran. */
function find(rows: Row[], impl: Implementation, size: number): Row | undefined {
  return rows.find((r) => r.impl === impl && r.size === size);
}

/** How two runs compare: requests/s, CPU time per call (inverted: higher is better for impl), peak RSS. */
type Measure = 'rps' | 'cpu' | 'rss';

/** ratio returns impl's measure over against's at size (against's CPU per call over impl's), if both ran. */
function ratio(rows: Row[], impl: Implementation, against: Implementation, size: number, m: Measure = 'rps') {
  const a = find(rows, impl, size);
  const b = find(rows, against, size);
  if (!a || !b) return undefined;
  if (m === 'cpu') return b.cpuUsPerCall / a.cpuUsPerCall;
  return m === 'rss' ? a.rssMiB / b.rssMiB : a.load.rps / b.load.rps;
}

/** table returns the results as aligned columns, each kxp row with its ratios to the SDKs. */
export function table(rows: Row[]): string {
  const header = [
    'function',
    'size',
    'req/s',
    'p50 ms',
    'p99 ms',
    'CPU us/call',
    'peak RSS MiB',
    'x ts-sdk',
    'CPU x ts-sdk',
    'RSS/ts-sdk',
    'x go-sdk',
  ];
  const cells = rows.map((r) => {
    const peer = sameNode[r.impl];
    const fixed = (v: number | undefined) => v?.toFixed(2) ?? '';
    const { rps, p50Ms, p99Ms } = r.load;
    return [
      labels[r.impl].name,
      `${r.size}`,
      rps.toFixed(0),
      p50Ms.toFixed(2),
      p99Ms.toFixed(2),
      r.cpuUsPerCall.toFixed(0),
      r.rssMiB.toFixed(0),
      peer ? fixed(ratio(rows, r.impl, peer, r.size)) : '',
      peer ? fixed(ratio(rows, r.impl, peer, r.size, 'cpu')) : '',
      peer ? fixed(ratio(rows, r.impl, peer, r.size, 'rss')) : '',
      peer ? fixed(ratio(rows, r.impl, 'go-sdk', r.size)) : '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (c: string[]) =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0)));
  const legend = Object.values(labels).map((l) => `  ${l.name}: ${l.how}`);
  const notes = [
    '  x ts-sdk, CPU x ts-sdk and RSS/ts-sdk compare with the TypeScript SDK on the same Node (kxp with',
    "  ts-sdk, kxp packaged with ts-sdk (node 24)); CPU x ts-sdk is its CPU time per call over kxp's, which",
    '  other work on the machine disturbs less than requests/s.',
  ];
  return [...[header, ...cells].map((c) => line(c).join('  ').trimEnd()), ...legend, ...notes].join('\n');
}

/** startupLines returns one line per start measurement: median, min and max. */
export function startupLines(startups: Startup[]): string {
  return startups
    .map(({ impl, probe, ms }) => {
      const what = probe === 'health' ? 'health check SERVING' : 'first RunFunction answered';
      const [min, max] = [Math.min(...ms), Math.max(...ms)];
      return `${labels[impl].name}: spawn to ${what}: median ${median(ms).toFixed(0)} ms (min ${min.toFixed(0)}, max ${max.toFixed(0)}, ${ms.length} starts)`;
    })
    .join('\n');
}

/** verdicts returns a PASS or MISS line for each target. */
export function verdicts(rows: Row[], sizes: number[], startups: Startup[], images: ImageSize[]): string {
  const largest = Math.max(...sizes);
  const lines: string[] = [];
  const check = (ok: boolean, text: string) => lines.push(`${ok ? 'PASS' : 'MISS'}  ${text}`);
  const ratioLine = (impl: Implementation, against: Implementation, atLeast: number) => {
    const r = ratio(rows, impl, against, largest);
    const cpu = ratio(rows, impl, against, largest, 'cpu');
    check(
      r !== undefined && r >= atLeast,
      `${labels[impl].name} at ${largest} resources: ${r?.toFixed(2) ?? '?'}x ${labels[against].name}'s req/s (target >= ${atLeast}x; by CPU time per call ${cpu?.toFixed(2) ?? '?'}x)`,
    );
  };
  ratioLine('kxp', 'ts-sdk', targets.source.overTsSdk);
  ratioLine('kxp', 'go-sdk', targets.source.overGoSdk);
  ratioLine('kxp-pkg', 'ts-sdk-24', targets.packaged.overTsSdk);
  const rss = sizes.map((size) => ({ size, r: ratio(rows, 'kxp-pkg', 'ts-sdk-24', size, 'rss') }));
  check(
    rss.every(({ r }) => r !== undefined && r <= 1),
    `kxp packaged peak RSS at or below ts-sdk (node 24)'s at every size: ${rss
      .map(
        ({ size, r }) =>
          `${find(rows, 'kxp-pkg', size)?.rssMiB.toFixed(0) ?? '?'} vs ${find(rows, 'ts-sdk-24', size)?.rssMiB.toFixed(0) ?? '?'} MiB at ${size}${r !== undefined && r > 1 ? ' (above)' : ''}`,
      )
      .join(', ')}`,
  );
  const serving = startups.find((s) => s.impl === 'kxp-pkg' && s.probe === 'health');
  const ms = serving ? median(serving.ms) : Number.NaN;
  check(
    ms <= targets.packaged.servingMs,
    `kxp packaged SERVING ${ms.toFixed(0)} ms after spawn, median (target <= ${targets.packaged.servingMs} ms)`,
  );
  for (const image of images.filter((i) => i.what === 'kxp')) {
    check(
      image.bytes < targets.packaged.imageMB * 1e6,
      `kxp package for ${image.arch}: ${mb(image.bytes)} MB compressed (target < ${targets.packaged.imageMB} MB)`,
    );
  }
  return lines.join('\n');
}
