// `node bench/profile-redirect.mjs`: a V8 CPU profile of the Worker's isolate (the Worker and
// its Durable Objects run in it) while autocannon drives one path, to see where a redirect's
// time goes. Prints the functions with the most self time and writes the .cpuprofile (open it
// in Chrome DevTools → Performance, or speedscope) to bench/results/profiles/.
// Knobs (env): PROFILE_PATH (/r/BENCH-1), PROFILE_UA (browser), PROFILE_CONNECTIONS (16),
// PROFILE_SECONDS (5), PROFILE_VISITORS (0: one visitor; else that many IPs in turn),
// PROFILE_PORT (9711), PROFILE_INSPECTOR_PORT (9712), PROFILE_TOP (30).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { log, positive, root } from './harness.mjs';
import { inspector, selfTimes } from './profile.mjs';
import { startRedirectWorker } from './redirect-server.mjs';

const PATH = process.env.PROFILE_PATH ?? '/r/BENCH-1';
const UA = process.env.PROFILE_UA ?? 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const CONNECTIONS = positive('PROFILE_CONNECTIONS', 16);
const SECONDS = positive('PROFILE_SECONDS', 5);
const PORT = positive('PROFILE_PORT', 9711);
const INSPECTOR_PORT = positive('PROFILE_INSPECTOR_PORT', 9712);
const TOP = positive('PROFILE_TOP', 30);
/** Distinct visitors (cf-connecting-ip in turn); 0: one visitor. */
const VISITORS = Number(process.env.PROFILE_VISITORS ?? 0);

function drive(base, seconds) {
  let sent = 0;
  const setupRequest = (req) => {
    const i = sent++ % VISITORS;
    return { ...req, headers: { ...req.headers, 'cf-connecting-ip': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` } };
  };
  return autocannon({
    url: new URL(PATH, base).href,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'user-agent': UA, accept: 'text/html' },
    ...(VISITORS ? { requests: [{ method: 'GET', path: PATH, setupRequest }] } : {}),
  });
}

async function main() {
  const server = await startRedirectWorker({ users: 10, port: PORT, inspectorPort: INSPECTOR_PORT });
  try {
    await drive(server.base, 2); // warm-up: caches filled, code optimized
    const session = inspector(`ws://127.0.0.1:${INSPECTOR_PORT}/${server.workerName}`);
    await session.opened;
    log('inspector connected');
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 100 });
    await session.send('Profiler.start');
    const result = await drive(server.base, SECONDS);
    const { profile } = await session.send('Profiler.stop');
    session.close();
    const { totalUs, idleUs, rows } = selfTimes(profile);
    const requests = result.requests.total;
    const perRequest = (us) => (us / requests).toFixed(1).padStart(6);
    console.log(`${PATH} (${UA.slice(0, 30)}…) ×${CONNECTIONS}: ${requests} requests, ${Math.round(result.requests.average)} req/s`);
    console.log(`isolate thread busy ${perRequest(totalUs - idleUs)} µs per request (${((100 * (totalUs - idleUs)) / totalUs).toFixed(0)}% of the time); self time per request:`);
    for (const { fn, us } of rows.slice(0, TOP)) console.log(`${perRequest(us)} µs  ${fn}`);
    const dir = join(root, 'bench', 'results', 'profiles');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `redirect-${new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    log(`wrote ${file}`);
  } finally {
    await server.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
