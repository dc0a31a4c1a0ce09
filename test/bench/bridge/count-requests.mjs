// Loaded into the bridge's process by the bench (node --import): counts the HTTP requests it sends,
// by host, and writes the counts to KXP_BENCH_REQUEST_COUNTS, so that the bench can tell requests
// per object to each side without counting code in src/.
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';

const file = process.env.KXP_BENCH_REQUEST_COUNTS;
if (file) {
  const counts = {};
  subscribe('http.client.request.start', ({ request }) => {
    const host = String(request.getHeader('host') ?? request.host);
    counts[host] = (counts[host] ?? 0) + 1;
  });
  // Written once a second and only when changed: writing five times a second was a tenth of the
  // bridge's CPU time in a profile (the bench reads the counts after each measurement has settled).
  let written = '';
  const write = () => {
    const now = JSON.stringify(counts);
    if (now !== written) writeFileSync(file, now);
    written = now;
  };
  setInterval(write, 1000).unref();
  process.on('exit', write);
}
