/**
 * The claims the validate benchmark checks: Widgets (XRs of a v2 XRD) and Databases (claims of a legacy
 * XRD) of the corpus in test/fixtures/validate/schemas, generated from a seed so every run checks the same
 * files. About 60% are valid; the rest break one rule each, in turn: an enum, a type, a required field, a
 * format, a bound, an unknown field, a CEL rule with a message, one with a messageExpression, and a CEL
 * rule that fails only once defaults apply.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The ways a generated claim is wrong (or not). */
const kinds = [
  'valid',
  'enum',
  'type',
  'required',
  'format',
  'bound',
  'unknown',
  'cel',
  'celExpression',
  'defaulted',
] as const;
type Kind = (typeof kinds)[number];

/** mulberry32 returns a seeded pseudo-random generator of numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function widget(name: string, kind: Kind, r: () => number): string {
  const size = kind === 'enum' ? 'gigantic' : (['small', 'medium'] as const)[Math.floor(r() * 2)];
  const replicas =
    kind === 'type'
      ? '"3"'
      : kind === 'bound'
        ? '12'
        : kind === 'cel'
          ? '5'
          : String(1 + Math.floor(r() * 3));
  const lines = [
    'apiVersion: validate.kxp.dev/v1alpha1',
    'kind: Widget',
    'metadata:',
    `  name: ${name}`,
    '  namespace: apps',
    'spec:',
    `  size: ${kind === 'cel' ? 'huge' : size}`,
    `  replicas: ${replicas}`,
  ];
  if (kind !== 'required') lines.push(`  owner: ${kind === 'format' ? 'nobody' : `${name}@example.com`}`);
  lines.push(`  region: eu-west-${1 + Math.floor(r() * 3)}`);
  lines.push('  ports:', `    - port: ${443 + Math.floor(r() * 100)}`, '      protocol: TCP');
  if (kind === 'unknown') lines.push('  colour: blue');
  if (kind === 'celExpression') lines.push('  window:', '    start: 9', '    end: 3');
  if (kind === 'defaulted') lines.push('  backup:', '    enabled: true');
  lines.push('  tags:', `    team: t${Math.floor(r() * 50)}`);
  return `${lines.join('\n')}\n`;
}

function database(name: string, kind: Kind, r: () => number): string {
  const lines = [
    'apiVersion: validate.kxp.dev/v1alpha1',
    'kind: Database',
    'metadata:',
    `  name: ${name}`,
    '  namespace: apps',
    'spec:',
    '  parameters:',
  ];
  if (kind === 'enum') lines.push('    engine: oracle');
  if (kind === 'celExpression') lines.push('    version: "14"');
  if (kind === 'defaulted') lines.push('    version: "13"');
  if (kind !== 'required')
    lines.push(
      `    storageGB: ${kind === 'type' ? '"ten"' : kind === 'bound' ? '0' : String(1 + Math.floor(r() * 500))}`,
    );
  if (kind === 'cel') lines.push('    maxStorageGB: 0');
  if (kind === 'format') lines.push('    allowedCIDRs: [10.0.0.0/40]');
  if (kind === 'unknown') lines.push('    iops: 3000');
  lines.push(`    maintenance: sun 0${Math.floor(r() * 10)}:00`);
  return `${lines.join('\n')}\n`;
}

/**
 * generateClaims writes count claims into dir (emptied first), as folders of files of perFile documents,
 * and returns how many it wrote of each kind.
 */
export function generateClaims(dir: string, count = 10_000, perFile = 100, seed = 42): Record<Kind, number> {
  rmSync(dir, { recursive: true, force: true });
  const r = mulberry32(seed);
  const counts = Object.fromEntries(kinds.map((k) => [k, 0])) as Record<Kind, number>;
  for (let file = 0; file * perFile < count; file++) {
    const docs: string[] = [];
    for (let i = file * perFile; i < Math.min(count, (file + 1) * perFile); i++) {
      const kind: Kind = r() < 0.6 ? 'valid' : (kinds[1 + Math.floor(r() * (kinds.length - 1))] ?? 'valid');
      counts[kind]++;
      const name = `c${String(i).padStart(5, '0')}`;
      docs.push(r() < 0.5 ? widget(name, kind, r) : database(name, kind, r));
    }
    const folder = join(dir, `team-${String(file % 10).padStart(2, '0')}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `claims-${String(file).padStart(3, '0')}.yaml`), docs.join('---\n'));
  }
  return counts;
}
