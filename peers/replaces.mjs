#!/usr/bin/env node
// Prints the replace directives a tools module needs to build a peer whose own go.mod
// carries replaces (go install refuses those). Generated from the peer's go.mod, never typed:
//
//   node peers/replaces.mjs kubernetes <k8s.io/kubernetes go.mod> <v0.36.x>
//     every `k8s.io/* v0.0.0` require becomes `k8s.io/X => k8s.io/X v0.36.x`
//   node peers/replaces.mjs copy <peer go.mod> [<module>=<version> ...]
//     copies every versioned replace; local-path replaces must be given a published version
//
// Output is one `-replace=old=new@version` argument per line, for `go mod edit`.
import { execFileSync } from 'node:child_process';

const [mode, goMod, ...rest] = process.argv.slice(2);
if (!mode || !goMod) {
  console.error('usage: replaces.mjs kubernetes|copy <go.mod> [args]');
  process.exit(2);
}
const mod = JSON.parse(execFileSync('go', ['mod', 'edit', '-json', goMod], { encoding: 'utf8' }));
const out = [];

if (mode === 'kubernetes') {
  const [version] = rest;
  for (const r of mod.Require ?? []) {
    if (r.Path.startsWith('k8s.io/') && r.Version === 'v0.0.0') out.push(`${r.Path}=${r.Path}@${version}`);
  }
} else if (mode === 'copy') {
  const published = Object.fromEntries(rest.map((a) => a.split('=')));
  for (const r of mod.Replace ?? []) {
    if (r.New.Version) {
      out.push(`${r.Old.Path}=${r.New.Path}@${r.New.Version}`);
    } else if (published[r.Old.Path]) {
      out.push(`${r.Old.Path}=${r.Old.Path}@${published[r.Old.Path]}`);
    } else {
      console.error(
        `local replace of ${r.Old.Path} => ${r.New.Path} needs a published version (${r.Old.Path}=vX)`,
      );
      process.exit(1);
    }
  }
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
for (const line of out) console.log(`-replace=${line}`);
