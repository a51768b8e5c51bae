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

function inspector(url) {
  // The inspector proxy accepts only local origins.
  const ws = new WebSocket(url, { headers: { origin: 'http://localhost' } });
  let id = 0;
  const pending = new Map();
  ws.addEventListener('message', async (event) => {
    const msg = JSON.parse(typeof event.data === 'string' ? event.data : await new Blob([event.data]).text());
    if (process.env.PROFILE_DEBUG) log(`inspector: ${JSON.stringify(msg).slice(0, 200)}`);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(JSON.stringify(msg.error)));
      else resolve(msg.result);
    }
  });
  const opened = new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  return {
    opened,
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const msgId = ++id;
        pending.set(msgId, { resolve, reject });
        ws.send(JSON.stringify({ id: msgId, method, params }));
      }),
    close: () => ws.close(),
  };
}

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

/**
 * Self time per function (name + place), largest first, from the sample times (a sample's
 * time is the gap since the previous one: the sampler runs late on a busy machine).
 */
function selfTimes(profile) {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map();
  for (let i = 1; i < profile.samples.length; i++) {
    const { functionName, url, lineNumber } = byNode.get(profile.samples[i]).callFrame;
    const key = `${functionName || '(anonymous)'} ${url ? `${url.split('/').pop()}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + profile.timeDeltas[i]);
  }
  const totalUs = profile.endTime - profile.startTime;
  return { totalUs, idleUs: byFunction.get('(idle)') ?? 0, rows: [...byFunction].sort((a, b) => b[1] - a[1]).map(([fn, us]) => ({ fn, us })) };
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
