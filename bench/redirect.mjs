// `npm run bench:redirect`: what a share-link redirect costs on top of the bare runtime.
//
// How it works
// 1. bench/redirect-server.mjs bundles bench/redirect-worker.mjs (the production worker plus a
//    no-op 302 and a few /__bench/ routes, see that file) with `wrangler deploy --dry-run`, runs
//    it in workerd through Miniflare's API (no `wrangler dev`, no proxy Worker) with the
//    production wrangler.toml's bindings (D1, KV, both Durable Objects; no static assets) and
//    storage in a fresh temp dir, applies migrations/*.sql, creates a workspace with
//    createWorkspace() and inserts referrers (codes BENCH-1…) into its default campaign.
// 2. Drives it from Node over loopback with autocannon, one process, keep-alive connections:
//      floor   GET /__noop: the same 302 and headers, answered by the same Worker at once
//      warm    GET /r/BENCH-1 from one visitor: resolved from the isolate cache, the click
//              counted after the response through the isolate's click batch, as in production
//      spread  the same from BENCH_VISITORS visitors in turn (cf-connecting-ip): a batch holds
//              one entry per visitor, each hashed, and the aggregator claims each (its floor
//              sends the same changing header)
//      bot     the same with a link-preview user agent: redirected, not counted
//      kv      GET /r/{a code never asked for in this isolate, whose KV record exists}
//      miss    GET /r/{a code asked for nowhere before}: KV miss, one D1 query, KV write-back
//    at 1 and 16 connections. Latency is taken per response from autocannon's `response`
//    event (its own histogram keeps whole milliseconds only). Each row: a warm-up, then ROUNDS
//    rounds alternating floor and subject; medians over rounds, ratios to the floor measured
//    in the same run.
// 3. Clicks recorded = clicks sent: COUNT_REQUESTS requests for one fresh code at 16
//    connections from BENCH_VISITORS visitors, then every click shard is flushed (as its alarm
//    would) and the D1 totals read: visits must equal requests, unique visits the visitors.
// Prints a Markdown table and writes bench/results/redirect-<UTC>.md, latest-redirect.md and
// latest-redirect.json. Knobs (env): BENCH_ROUNDS (3), BENCH_ROUND_S (2), BENCH_COUNT_REQUESTS
// (20000), BENCH_VISITORS (2000), BENCH_CONCURRENCY (1,16), BENCH_PATHS (warm,spread,bot,kv,miss),
// BENCH_PORT (9701), BENCH_FLOOR_PATH (/__noop; /__noop-read also reads the method and user
// agent), BENCH_STATE_DIR (/dev/shm when there is one). Fails (exit 1) if a click
// is lost or the unique count is wrong.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { list, log, machine, median, percentile, positive, root } from './harness.mjs';
import { post, startRedirectWorker } from './redirect-server.mjs';

const resultsDir = join(root, 'bench', 'results');

const ROUNDS = positive('BENCH_ROUNDS', 3);
const ROUND_S = positive('BENCH_ROUND_S', 2);
const WARMUP_S = 1;
// Deployed, every request has CF-Connecting-IP, so the per-IP limiter runs; BENCH_CLIENT_IP= (empty) leaves it out.
const CLIENT_IP = process.env.BENCH_CLIENT_IP ?? '203.0.113.7';
const BATCH_NOTE = '1 s window (services/share-links/click-batch.ts)';
const COUNT_REQUESTS = positive('BENCH_COUNT_REQUESTS', 20_000);
const CONCURRENCY = list('BENCH_CONCURRENCY', [1, 16]);
const PATHS = (process.env.BENCH_PATHS ?? 'warm,spread,bot,kv,miss').split(',');
/** `/__noop`, or `/__noop-read` (the floor that also reads the method and user agent). */
const FLOOR_PATH = process.env.BENCH_FLOOR_PATH ?? '/__noop';
/** The Worker's port (0: any free one). */
const PORT = Number(process.env.BENCH_PORT ?? 9701);
/** Distinct visitors (IPs) of the `spread` rows and of the count. */
const VISITORS = positive('BENCH_VISITORS', 2_000);
/** Requests per cold round (each one a code never asked for): cold paths are slow here, so rounds are counted, not timed. */
const COLD_REQUESTS = { 1: 300, 16: 600 };
const coldRequests = (c) => COLD_REQUESTS[c] ?? 600;
const USERS = 1 + CONCURRENCY.reduce((n, c) => n + 2 * (ROUNDS + 1) * coldRequests(c), 0) + 1;
const COUNT_USER = USERS;
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const BOT = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';

/**
 * One autocannon run. `path` is fixed, or a function giving each request's path. Stops after
 * `amount` requests or `seconds`. Every response must be a 302.
 */
let workerdCpuNs = () => null;

async function load(base, { path, connections, seconds, amount, userAgent = BROWSER, visitors = 0 }) {
  const latencies = [];
  const statuses = {};
  const headers = { 'user-agent': userAgent, accept: 'text/html,application/xhtml+xml', ...(CLIENT_IP ? { 'cf-connecting-ip': CLIENT_IP } : {}) };
  let sent = 0;
  // `visitors`: each request from the next of that many IPs, in turn (a crowd, not one person).
  const visitorIp = () => {
    const i = sent++ % visitors;
    return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  };
  const setup = (req) => ({
    ...req,
    ...(typeof path === 'function' ? { path: path() } : {}),
    ...(visitors ? { headers: { ...req.headers, 'cf-connecting-ip': visitorIp() } } : {}),
  });
  const options = {
    url: base.origin,
    connections,
    headers,
    ...(amount ? { amount } : { duration: seconds }),
    requests: [typeof path === 'function' || visitors ? { method: 'GET', path: typeof path === 'string' ? path : '/', setupRequest: setup } : { method: 'GET', path }],
  };
  const started = performance.now();
  const cpuBefore = workerdCpuNs();
  const instance = autocannon(options);
  instance.on('response', (_client, status, _bytes, ms) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    latencies.push(ms);
  });
  const result = await instance;
  const elapsedMs = performance.now() - started;
  const cpuAfter = workerdCpuNs();
  const wrong = Object.entries(statuses).filter(([s]) => s !== '302');
  if (wrong.length || result.errors || result.timeouts) {
    throw new Error(`${typeof path === 'string' ? path : 'cold path'}: statuses ${JSON.stringify(statuses)}, errors ${result.errors}, timeouts ${result.timeouts}`);
  }
  latencies.sort((a, b) => a - b);
  // workerd's CPU per request: the Worker, its Durable Objects, KV/D1 simulators and HTTP server.
  const cpuUs = cpuBefore === null ? null : (cpuAfter - cpuBefore) / 1000 / latencies.length;
  return { opsPerSec: (latencies.length / elapsedMs) * 1000, ops: latencies.length, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), cpuUs };
}

/** Warm-up, then rounds alternating floor and subject (order flipped each round). */
async function measure(label, concurrency, runFloor, runSubject) {
  log(`${label} ×${concurrency}…`);
  await runFloor(true);
  await runSubject(true);
  const floor = [];
  const subject = [];
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      floor.push(await runFloor());
      subject.push(await runSubject());
    } else {
      subject.push(await runSubject());
      floor.push(await runFloor());
    }
  }
  const summary = (rounds) => ({
    opsPerSec: median(rounds.map((r) => r.opsPerSec)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    cpuUs: rounds[0].cpuUs === null ? null : median(rounds.map((r) => r.cpuUs)),
    totalOps: rounds.reduce((n, r) => n + r.ops, 0),
    rounds,
  });
  const row = { label, concurrency, subject: summary(subject), floor: summary(floor) };
  row.throughputRatio = row.subject.opsPerSec / row.floor.opsPerSec;
  row.p50Ratio = row.subject.p50Ms / row.floor.p50Ms;
  row.cpuRatio = row.subject.cpuUs === null ? null : row.subject.cpuUs / row.floor.cpuUs;
  log(
    `${label} ×${concurrency}: ${Math.round(row.subject.opsPerSec)} req/s p50 ${row.subject.p50Ms.toFixed(3)} ms cpu ${row.subject.cpuUs?.toFixed(0)} µs; floor ${Math.round(row.floor.opsPerSec)} req/s p50 ${row.floor.p50Ms.toFixed(3)} ms cpu ${row.floor.cpuUs?.toFixed(0)} µs`,
  );
  return row;
}

const int = (x) => Math.round(x).toLocaleString('en-US');
const ms = (x) => (x < 1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1));
const cpu = (us) => (us === null ? '' : us.toFixed(0));
const pct = (ratio) => `${ratio >= 1 ? '+' : '−'}${Math.abs((ratio - 1) * 100).toFixed(1)}%`;

function table(rows) {
  const lines = [
    '| path | conns | req/s (median) | p50 ms | p99 ms | workerd CPU µs/req | floor req/s | floor p50 ms | floor p99 ms | floor CPU µs/req | req/s vs floor | p50 vs floor | CPU/req vs floor |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.label} | ${r.concurrency} | ${int(r.subject.opsPerSec)} | ${ms(r.subject.p50Ms)} | ${ms(r.subject.p99Ms)} | ${cpu(r.subject.cpuUs)} | ${int(r.floor.opsPerSec)} | ${ms(r.floor.p50Ms)} | ${ms(r.floor.p99Ms)} | ${cpu(r.floor.cpuUs)} | ${r.throughputRatio.toFixed(3)} (${pct(r.throughputRatio)}) | ${r.p50Ratio.toFixed(3)} (${pct(r.p50Ratio)}) | ${r.cpuRatio === null ? '' : `${r.cpuRatio.toFixed(3)} (${pct(r.cpuRatio)})`} |`,
    );
  }
  return lines.join('\n');
}

function report(env, rows, micro, count, startedAt, totalMs) {
  const lost = count.sent - count.recorded;
  return `# Share-link redirect vs the runtime's floor

Run ${startedAt.toISOString()} · ${env.cpu} · ${env.cores} cores · ${env.memoryGiB} GiB · Node ${env.node} · wrangler ${env.wrangler} · miniflare ${env.miniflare} · workerd ${env.workerd} · autocannon ${env.autocannon} · load average at start ${env.loadAverageAtStart.join(' / ')}

Local workerd through Miniflare's API (no \`wrangler dev\` proxy); autocannon in the same Node process on loopback, keep-alive. Floor: \`GET ${FLOOR_PATH}\`, the same 302 with the same headers answered by the Worker at once. Each row: a ${WARMUP_S} s warm-up, then ${ROUNDS} rounds alternating floor and subject (${ROUND_S} s each; cold rounds are a fixed number of never-seen codes); medians over rounds, p50/p99 per response. Ratios compare with the floor of the same run: read them, not the absolute figures, on this shared 2-core box where load generator, Worker and Durable Objects share the cores. **workerd CPU µs/req** is the CPU time of the workerd process (all threads: HTTP server, the Worker, its Durable Objects, the KV/D1 simulators) per request in the round, from /proc/<pid>/task/*/schedstat: unlike req/s and latency, it moves less when other processes take the cores (it still moves: shared caches and cores).

- **warm**: \`GET /r/BENCH-1\` from the isolate cache (zero D1, zero KV), one visitor; the click is counted after the response: one update of the isolate's click batch, which one RPC per ${BATCH_NOTE} carries to the aggregator object.
- **spread**: the same from ${int(VISITORS)} visitors in turn (a different \`cf-connecting-ip\` each request): every batch entry is a new visitor to hash and for the aggregator to claim. Its floor sends the same changing header.
- **bot**: the same with a link-preview user agent: resolved and redirected, not counted (the redirect's own cost, without click recording).
- **kv**: a code this isolate has not cached but KV holds: one KV read for the code (its campaign is cached).
- **miss**: a code nothing has cached: KV miss, one D1 query, KV write-back after the response.

${table(rows)}

## The Worker's own work per redirect

Timed inside the isolate (\`POST /__bench/micro\`: loops of calls, \`performance.now()\`, median of 5 loops), so no HTTP, no load generator: what the Worker's code adds to a 302.

| piece | µs per call |
|---|--:|
${Object.entries(micro)
  .map(([name, us]) => `| ${name} | ${us < 10 ? us.toFixed(2) : us.toFixed(0)} |`)
  .join('\n')}

## Clicks recorded = clicks sent

${int(count.sent)} requests to one fresh code at 16 connections (${int(count.opsPerSec)} req/s) from ${int(count.visitors)} visitors (IPs in turn), then every click shard flushed to D1: **${int(count.recorded)} visits recorded, ${lost === 0 ? 'none lost' : `${int(lost)} LOST`}; ${int(count.unique)} unique visits** (expected ${int(count.visitors)}).

Total bench time ${(totalMs / 1000).toFixed(1)} s.
`;
}

async function main() {
  const startedAt = new Date();
  const t0 = performance.now();
  const env = machine(['autocannon']);
  let server;
  const cleanup = async () => {
    const instance = server;
    server = undefined;
    if (instance) await instance.dispose();
  };
  const onSignal = (signal) => {
    cleanup().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    server = await startRedirectWorker({ users: USERS, port: PORT });
    const { base, campaignId } = server;
    workerdCpuNs = server.cpuNs;

    let nextCode = 2; // BENCH-1 is the warm code; COUNT_USER is kept for the count.
    const takeCodes = (n) => {
      const first = nextCode;
      nextCode += n;
      if (nextCode > COUNT_USER) throw new Error('ran out of seeded codes');
      return first;
    };
    const sequence = (first) => {
      let i = first;
      return () => `/r/BENCH-${i++}`;
    };
    const floor = (c, visitors = 0) => (warmup) => load(base, { path: FLOOR_PATH, connections: c, seconds: warmup ? WARMUP_S : ROUND_S, visitors });

    const rows = [];
    for (const c of CONCURRENCY) {
      const warm = (userAgent, visitors = 0) => (warmup) => load(base, { path: '/r/BENCH-1', connections: c, seconds: warmup ? WARMUP_S : ROUND_S, userAgent, visitors });
      if (PATHS.includes('warm')) rows.push(await measure('warm', c, floor(c), warm(BROWSER)));
      // The floor sends the same changing header, so the load generator's extra work is on both sides.
      if (PATHS.includes('spread')) rows.push(await measure('spread', c, floor(c, VISITORS), warm(BROWSER, VISITORS)));
      if (PATHS.includes('bot')) rows.push(await measure('bot', c, floor(c), warm(BOT)));
    }
    for (const c of CONCURRENCY) {
      const n = coldRequests(c);
      if (PATHS.includes('kv')) {
        rows.push(
          await measure('kv', c, floor(c), async (warmup) => {
            const amount = warmup ? Math.ceil(n / 4) : n;
            const first = takeCodes(amount);
            // Put the codes in KV (one request each), then forget them in the isolate.
            await load(base, { path: sequence(first), connections: 16, amount });
            await post(base, '/__bench/forget');
            return load(base, { path: sequence(first), connections: c, amount });
          }),
        );
      }
      if (PATHS.includes('miss')) {
        rows.push(
          await measure('miss', c, floor(c), (warmup) => {
            const amount = warmup ? Math.ceil(n / 4) : n;
            return load(base, { path: sequence(takeCodes(amount)), connections: c, amount });
          }),
        );
      }
    }

    log('micro: the redirect\'s pieces timed inside the isolate');
    const micro = await post(base, '/__bench/micro', { code: 'BENCH-1', userAgent: BROWSER, botUserAgent: BOT });

    log(`count: ${int(COUNT_REQUESTS)} requests to BENCH-${COUNT_USER}`);
    const sent = await load(base, { path: `/r/BENCH-${COUNT_USER}`, connections: 16, amount: COUNT_REQUESTS, visitors: VISITORS });
    const countUserId = `usr_bench${COUNT_USER}`;
    // waitUntil work may still be in flight right after the last response: flush until the
    // total stops moving (or matches), at most 20 s.
    let counted = { visits: 0, unique_visits: 0 };
    for (let attempt = 0, last = -1; attempt < 40; attempt++) {
      const { users } = await post(base, '/__bench/count', { campaignId, userIds: [countUserId] });
      counted = users[0];
      if (counted.visits === sent.ops && counted.unique_visits === Math.min(VISITORS, sent.ops)) break;
      if (counted.visits === last && attempt >= 4) break;
      last = counted.visits;
      await new Promise((r) => setTimeout(r, 500));
    }
    const count = { sent: sent.ops, recorded: counted.visits, visitors: Math.min(VISITORS, sent.ops), unique: counted.unique_visits, opsPerSec: sent.opsPerSec };

    const totalMs = performance.now() - t0;
    const markdown = report(env, rows, micro, count, startedAt, totalMs);
    console.log(markdown);
    mkdirSync(resultsDir, { recursive: true });
    const stamp = startedAt.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
    const file = join(resultsDir, `redirect-${stamp}.md`);
    writeFileSync(file, markdown);
    writeFileSync(join(resultsDir, 'latest-redirect.md'), markdown);
    const settings = { rounds: ROUNDS, roundSeconds: ROUND_S, warmupSeconds: WARMUP_S, coldRequests: COLD_REQUESTS, countRequests: COUNT_REQUESTS };
    writeFileSync(join(resultsDir, 'latest-redirect.json'), `${JSON.stringify({ startedAt: startedAt.toISOString(), totalMs, machine: env, settings, rows, micro, count }, null, 2)}\n`);
    log(`wrote ${file}, bench/results/latest-redirect.md and bench/results/latest-redirect.json`);
    if (count.recorded !== count.sent || count.unique !== count.visitors) {
      console.error(`clicks miscounted: sent ${count.sent} from ${count.visitors} visitors, recorded ${count.recorded} visits, ${count.unique} unique`);
      process.exitCode = 1;
    }
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
