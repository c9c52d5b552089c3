// A bounded load test on the loopback address: VIEWERS viewers at once, each
// loading the page, the region, the map and the run ROUNDS times, while a
// what-if solves. Every request must succeed; prints the latencies.
//   node tests/web/workbench_load.mjs --landpool build/landpool [--db FILE] [--viewers 20] [--rounds 5]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, parseArgs } from './workbench_support.mjs';

const args = parseArgs(process.argv.slice(2));
const viewers = Number(args.viewers || 20), rounds = Number(args.rounds || 5);
let db = args.db;
const work = fs.mkdtempSync('/tmp/landpool-load-');
if (!db) {
  db = path.join(work, 'load.db');
  const example = path.join(path.dirname(new URL(import.meta.url).pathname), '../../examples/harenkarspel-mini');
  execFileSync(args.landpool, ['--db', db, 'import', 'csv', example, '-q']);
  execFileSync(args.landpool, ['--db', db, 'solve', '--as-of', '2026-10-01', '--time-limit', '5', '-q']);
}
const server = await startServer(args.landpool, db);
const headers = { 'X-Landpool-Token': server.token };
const latencies = [];
let failures = 0;

async function timed(pathname, options = {}) {
  const started = performance.now();
  const response = await fetch(server.origin + pathname, { headers, ...options });
  await response.arrayBuffer();
  latencies.push(performance.now() - started);
  if (!response.ok) {
    failures++;
    console.error(`${pathname}: ${response.status}`);
  }
  return response;
}

async function viewer() {
  for (let round = 0; round < rounds; round++) {
    await timed('/?token=' + server.token);
    await timed('/assets/app.js');
    await timed('/api/region');
    await timed('/api/map');
    await timed('/api/run');
  }
}

const started = performance.now();
const whatIf = fetch(server.origin + '/api/what-ifs', {
  method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' },
  body: JSON.stringify({ name: 'under load', farms_out: [], time_limit_s: 10 }),
}).then(async (r) => ({ status: r.status, seconds: (performance.now() - started) / 1000, body: await r.json() }));
await Promise.all(Array.from({ length: viewers }, viewer));
const viewersDone = (performance.now() - started) / 1000;
const solved = await whatIf;
server.stop();
fs.rmSync(work, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
console.log(`${viewers} viewers x ${rounds} rounds: ${latencies.length} requests in ${viewersDone.toFixed(2)} s, ` +
  `${failures} failed; latency ms p50 ${at(0.5)}, p95 ${at(0.95)}, max ${at(1)}`);
console.log(`what-if beside them: HTTP ${solved.status} in ${solved.seconds.toFixed(1)} s` +
  (solved.body.run ? `, value ${Math.round(solved.body.run.objective_eur)} EUR, gap ${(100 * solved.body.run.gap).toFixed(2)} %` +
    (solved.body.base ? ` (the run it starts from: ${Math.round(solved.body.base.objective_eur)} EUR)` : '') : `: ${solved.body.error}`));
process.exit(failures === 0 && solved.status === 200 ? 0 : 1);
