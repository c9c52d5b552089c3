// The workbench in a real browser (Debian's Chromium, driven by
// playwright-core): open the map, open a deal and accept it and find the
// decision in the database, lock a parcel and solve a what-if and find the
// parcel unmoved, open a party page and find no other party's data.
// Screenshots go to --out. Exits 77 (skipped) without Chromium or web/node_modules.
//   node tests/web/workbench_browser.mjs --landpool build/landpool --out DIR
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startServer, parseArgs, apiGet } from './workbench_support.mjs';

const args = parseArgs(process.argv.slice(2));
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const require = createRequire(new URL('../../web/package.json', import.meta.url));
let playwright;
try {
  playwright = require('playwright-core');
} catch {
  console.log('SKIP: web/node_modules has no playwright-core (make setup installs it)');
  process.exit(77);
}
if (!chromium) {
  console.log('SKIP: Chromium is not installed (scripts/install-deps.sh --test installs it)');
  process.exit(77);
}

const out = args.out || fs.mkdtempSync('/tmp/landpool-browser-');
fs.mkdirSync(out, { recursive: true });
const work = fs.mkdtempSync('/tmp/landpool-browser-db-');
const db = path.join(work, 'workbench.db');
const landpool = args.landpool;
const example = path.join(path.dirname(new URL(import.meta.url).pathname), '../../examples/harenkarspel-mini');
execFileSync(landpool, ['--db', db, 'import', 'csv', example, '-q']);
execFileSync(landpool, ['--db', db, 'solve', '--as-of', '2026-10-01', '--time-limit', '10', '-q']);

function check(condition, what) {
  if (!condition) throw new Error('FAILED: ' + what);
  console.log('ok: ' + what);
}

/** Rows of the database's decisions table, read with Python's sqlite3. */
function storedDecisions() {
  const script = 'import json,sqlite3,sys\n' +
    'c=sqlite3.connect(sys.argv[1])\n' +
    'print(json.dumps(c.execute("SELECT run_id, deal_id, decision, note FROM deal_decisions").fetchall()))';
  return JSON.parse(execFileSync('python3', ['-c', script, db]).toString());
}

const server = await startServer(landpool, db);
const browser = await playwright.chromium.launch({
  executablePath: chromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  // The map.
  const opened = Date.now();
  await page.goto(server.url);
  await page.waitForSelector('#map[data-ready]', { timeout: 20000 });
  const parcels = Number(await page.getAttribute('#map', 'data-ready'));
  console.log(`map ready in ${Date.now() - opened} ms with ${parcels} parcels`);
  check(parcels > 0, 'the map shows the parcels');
  check(await page.locator('.leaflet-interactive').count() > 0, 'parcels are drawn');
  check(await page.locator('.legend div').count() > 0, 'the map has a legend');
  await page.screenshot({ path: path.join(out, 'workbench-map.png') });

  // A deal: open it, accept it, find the decision in the database.
  await page.click('.deal-link');
  await page.waitForSelector('#decide-accept');
  check((await page.textContent('.why')).length > 2, 'the deal says why it is there');
  await page.fill('#decision-note', 'agreed at the table');
  await page.click('#decide-accept');
  await page.waitForFunction(() => document.getElementById('decision-state').textContent.startsWith('accept'));
  await page.screenshot({ path: path.join(out, 'workbench-deal.png') });
  const decisions = storedDecisions();
  check(decisions.some((d) => d[2] === 'accept' && d[3] === 'agreed at the table'),
    'the decision is in the database');

  // A what-if: lock a parcel the proposal moves (outside the accepted deal,
  // which binds its parcels), solve, find it unmoved.
  const run = await apiGet(server, '/api/run');
  const accepted = run.deals.find((d) => d.decision && d.decision.decision === 'accept').deal_id;
  const locked = run.transfers.find((t) => t.deal_id !== accepted).parcel_id;
  await page.click('button[data-tab="what-if"]');
  await page.fill('#what-if-name', 'keeps ' + locked);
  await page.fill('#what-if-lock', locked);
  await page.fill('#what-if-time', '5');
  const solving = Date.now();
  await page.click('#what-if-solve');
  await page.waitForSelector('#what-if-outcome', { timeout: 60000 }).catch(async (error) => {
    await page.screenshot({ path: path.join(out, 'workbench-what-if-failed.png') });
    throw new Error(`${error.message}; the page says: ${await page.textContent('#message')}`);
  });
  console.log(`what-if shown in ${Date.now() - solving} ms`);
  const variantRun = Number(await page.getAttribute('#what-if-outcome', 'data-run'));
  const variant = await apiGet(server, `/api/run?run=${variantRun}`);
  check(variant.transfers.every((t) => t.parcel_id !== locked), `the locked parcel ${locked} stays`);
  await page.screenshot({ path: path.join(out, 'workbench-what-if.png') });

  // Dutch, from the same catalogue.
  await page.click('#language-switch');
  await page.waitForFunction(() => document.querySelector('button[data-tab="deals"]').textContent === 'Overeenkomsten' &&
    document.getElementById('quarter').textContent.startsWith('Kwartaal') &&
    document.getElementById('run-status').textContent.startsWith('waarde') &&
    document.querySelector('#view h2').textContent === 'Wat als');
  check(await page.textContent('#language-switch') === 'English', 'the page speaks Dutch and offers English');
  await page.screenshot({ path: path.join(out, 'workbench-nl.png') });

  // A party page: none of the other parties' names or parcels.
  const party = run.deals[0].farm_ids[0];
  const partners = new Set(run.deals.filter((d) => d.farm_ids.includes(party)).flatMap((d) => d.farm_ids));
  const partyPage = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  const link = await apiGet(server, `/api/party-link?party=${party}`);
  await partyPage.goto(`${server.origin}/party/${party}?token=${link.token}`);
  await partyPage.waitForSelector('#map[data-ready]', { timeout: 20000 });
  await partyPage.click('button[data-tab="farms"]');
  const text = await partyPage.textContent('body');
  const others = Object.entries(run.farm_names).filter(([id]) => !partners.has(id));
  check(others.length > 0, 'the region has farms outside the party\'s deals');
  for (const [id, name] of others) {
    if (text.includes(name) || text.includes(`(${id})`)) throw new Error(`FAILED: the party page shows ${name} (${id})`);
  }
  check(true, `the party page of ${party} names none of ${others.length} other farms`);
  await partyPage.screenshot({ path: path.join(out, 'workbench-party.png') });

  // An owner's page: its own pool land and who receives it, nobody's gains.
  const poolDeal = run.deals.find((d) => d.pool_owner_ids.length);
  const owner = poolDeal.pool_owner_ids[0];
  const ownerLink = await apiGet(server, `/api/party-link?owner=${owner}`);
  const ownerPage = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  await ownerPage.goto(`${server.origin}/owner/${owner}?token=${ownerLink.token}`);
  await ownerPage.waitForSelector('#map[data-ready]', { timeout: 20000 });
  const ownParcels = run.transfers.filter((x) => !x.from_farm_id && x.owner_before === owner).length;
  check(Number(await ownerPage.getAttribute('#map', 'data-ready')) === ownParcels,
    `the owner page of ${owner} maps its ${ownParcels} pool parcels only`);
  check(await ownerPage.locator('button[data-tab="farms"]').count() === 0, 'an owner page has no farms list');
  await ownerPage.screenshot({ path: path.join(out, 'workbench-owner.png') });
  check(errors.length === 0, 'no script errors: ' + errors.join('; '));
} catch (error) {
  console.error(error.message);
  failed = true;
} finally {
  await browser.close();
  server.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(`screenshots in ${out}`);
process.exit(failed ? 1 : 0);
