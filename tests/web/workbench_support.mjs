// Shared by the workbench's browser and load tests: start `landpool serve`
// on a free port and read the address with its token from what it prints.
import { spawn } from 'node:child_process';

export function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
  if (!args.landpool) throw new Error('--landpool PATH is required');
  return args;
}

/** Starts the server; resolves with {url, origin, token, stop()}. */
export function startServer(landpool, db, extra = []) {
  const child = spawn(landpool, ['--db', db, 'serve', '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let printed = '';
    const timer = setTimeout(() => reject(new Error('landpool serve printed no address in 20 s')), 20000);
    child.on('exit', (code) => reject(new Error(`landpool serve exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      printed += chunk;
      const match = /open (http:\/\/[^\s]+)/.exec(printed);
      if (!match) return;
      clearTimeout(timer);
      const url = new URL(match[1]);
      resolve({ url: match[1], origin: url.origin, token: url.searchParams.get('token'),
        stop: () => child.kill('SIGTERM'), process: child });
    });
  });
}

export async function apiGet(server, path) {
  const response = await fetch(server.origin + path, { headers: { 'X-Landpool-Token': server.token } });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}
