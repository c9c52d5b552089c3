// How long the workbench's map takes to be ready in headless Chromium on the
// loopback address: from navigation to every parcel drawn (#map[data-ready]),
// REPEAT times on a fresh page. Serves DB with `landpool serve`.
//   node bench/workbench_map.mjs --landpool build/landpool --db FILE [--repeat 3]
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { startServer, parseArgs } from '../tests/web/workbench_support.mjs';

const args = parseArgs(process.argv.slice(2));
const require = createRequire(new URL('../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const server = await startServer(args.landpool, args.db);
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const times = [];
let parcels = 0;
for (let i = 0; i < Number(args.repeat || 3); i++) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  const started = Date.now();
  await page.goto(server.url);
  await page.waitForSelector('#map[data-ready]', { timeout: 60000 });
  times.push(Date.now() - started);
  parcels = Number(await page.getAttribute('#map', 'data-ready'));
  if (args.screenshot && i === 0) await page.screenshot({ path: args.screenshot });
  await page.close();
}
await browser.close();
server.stop();
console.log(`map of ${parcels} parcels ready in ms: ${times.join(', ')} (best ${Math.min(...times)})`);
