// `npm run bench:redirect`: what a share-link redirect costs on top of the bare runtime.
//
// How it works
// 1. Bundles bench/redirect-worker.mjs (the production worker plus a no-op 302 and a few
//    /__bench/ routes, see that file) with `wrangler deploy --dry-run`, the bundler a deploy
//    uses, with the compatibility date and flags of the production wrangler.toml.
// 2. Runs the bundle in workerd through Miniflare's API (no `wrangler dev`, no proxy Worker),
//    with the production wrangler.toml's bindings (D1, KV, both Durable Objects; no static
//    assets) and storage in a fresh temp dir.
// 3. Applies migrations/*.sql, creates a workspace with createWorkspace() and inserts
//    BENCH_USERS referrers (codes BENCH-1…) into its default campaign.
// 4. Drives it from Node over loopback with autocannon, one process, keep-alive connections:
//      floor   GET /__noop: the same 302 and headers, answered by the Worker at once
//      warm    GET /r/BENCH-1: resolved from the isolate cache; the click is recorded after the
//              response (visitor hash, then the isolate's click batch to the aggregator), as in production
//      bot     the same with a link-preview user agent: redirected, not counted
//      kv      GET /r/{a code never asked for in this isolate, whose KV record exists}
//      miss    GET /r/{a code asked for nowhere before}: KV miss, one D1 query, KV write-back
//    at 1 and 16 connections. Latency is taken per response from autocannon's `response`
//    event (its own histogram keeps whole milliseconds only). Each row: a warm-up, then ROUNDS
//    rounds alternating floor and subject; medians over rounds, ratios to the floor measured
//    in the same run.
// 5. Clicks recorded = clicks sent: COUNT_REQUESTS requests for one fresh code at 16
//    connections, then every click shard is flushed (as its alarm would) and the D1 total read.
// Prints a Markdown table and writes bench/results/redirect-<UTC>.md, latest-redirect.md and
// latest-redirect.json. Knobs (env): BENCH_ROUNDS (3), BENCH_ROUND_S (2), BENCH_COUNT_REQUESTS
// (20000), BENCH_CONCURRENCY (1,16), BENCH_PATHS (warm,bot,kv,miss), BENCH_STATE_DIR (/dev/shm
// when there is one). Fails (exit 1) if a click is lost.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
// miniflare is wrangler's own dependency (same copy wrangler runs); it is not in package.json.
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from 'wrangler';
import { build, list, log, machine, median, migrationStatements, percentile, positive, root } from './harness.mjs';

const productionConfigPath = join(root, 'wrangler.toml');
const benchEntry = join(root, 'bench', 'redirect-worker.mjs');
const resultsDir = join(root, 'bench', 'results');

const ROUNDS = positive('BENCH_ROUNDS', 3);
const ROUND_S = positive('BENCH_ROUND_S', 2);
const WARMUP_S = 1;
// Deployed, every request has CF-Connecting-IP, so the per-IP limiter runs; BENCH_CLIENT_IP= (empty) leaves it out.
const CLIENT_IP = process.env.BENCH_CLIENT_IP ?? '203.0.113.7';
const COUNT_REQUESTS = positive('BENCH_COUNT_REQUESTS', 20_000);
const CONCURRENCY = list('BENCH_CONCURRENCY', [1, 16]);
const PATHS = (process.env.BENCH_PATHS ?? 'warm,bot,kv,miss').split(',');
/** Requests per cold round (each one a code never asked for): cold paths are slow here, so rounds are counted, not timed. */
const COLD_REQUESTS = { 1: 300, 16: 600 };
const coldRequests = (c) => COLD_REQUESTS[c] ?? 600;
const USERS = 1 + CONCURRENCY.reduce((n, c) => n + 2 * (ROUNDS + 1) * coldRequests(c), 0) + 1;
const COUNT_USER = USERS;
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const BOT = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';

async function post(base, path, body) {
  const res = await fetch(new URL(path, base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

/**
 * One autocannon run. `path` is fixed, or a function giving each request's path. Stops after
 * `amount` requests or `seconds`. Every response must be a 302.
 */
async function load(base, { path, connections, seconds, amount, userAgent = BROWSER }) {
  const latencies = [];
  const statuses = {};
  const options = {
    url: base.origin,
    connections,
    headers: { 'user-agent': userAgent, accept: 'text/html,application/xhtml+xml', ...(CLIENT_IP ? { 'cf-connecting-ip': CLIENT_IP } : {}) },
    ...(amount ? { amount } : { duration: seconds }),
    requests: [typeof path === 'function' ? { method: 'GET', setupRequest: (req) => ({ ...req, path: path() }) } : { method: 'GET', path }],
  };
  const started = performance.now();
  const instance = autocannon(options);
  instance.on('response', (_client, status, _bytes, ms) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    latencies.push(ms);
  });
  const result = await instance;
  const elapsedMs = performance.now() - started;
  const wrong = Object.entries(statuses).filter(([s]) => s !== '302');
  if (wrong.length || result.errors || result.timeouts) {
    throw new Error(`${typeof path === 'string' ? path : 'cold path'}: statuses ${JSON.stringify(statuses)}, errors ${result.errors}, timeouts ${result.timeouts}`);
  }
  latencies.sort((a, b) => a - b);
  return { opsPerSec: (latencies.length / elapsedMs) * 1000, ops: latencies.length, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
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
    totalOps: rounds.reduce((n, r) => n + r.ops, 0),
    rounds,
  });
  const row = { label, concurrency, subject: summary(subject), floor: summary(floor) };
  row.throughputRatio = row.subject.opsPerSec / row.floor.opsPerSec;
  row.p50Ratio = row.subject.p50Ms / row.floor.p50Ms;
  log(`${label} ×${concurrency}: ${Math.round(row.subject.opsPerSec)} req/s p50 ${row.subject.p50Ms.toFixed(3)} ms; floor ${Math.round(row.floor.opsPerSec)} req/s p50 ${row.floor.p50Ms.toFixed(3)} ms`);
  return row;
}

const int = (x) => Math.round(x).toLocaleString('en-US');
const ms = (x) => (x < 1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1));
const pct = (ratio) => `${ratio >= 1 ? '+' : '−'}${Math.abs((ratio - 1) * 100).toFixed(1)}%`;

function table(rows) {
  const lines = [
    '| path | conns | req/s (median) | p50 ms | p99 ms | floor req/s | floor p50 ms | floor p99 ms | req/s vs floor | p50 vs floor |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.label} | ${r.concurrency} | ${int(r.subject.opsPerSec)} | ${ms(r.subject.p50Ms)} | ${ms(r.subject.p99Ms)} | ${int(r.floor.opsPerSec)} | ${ms(r.floor.p50Ms)} | ${ms(r.floor.p99Ms)} | ${r.throughputRatio.toFixed(3)} (${pct(r.throughputRatio)}) | ${r.p50Ratio.toFixed(3)} (${pct(r.p50Ratio)}) |`,
    );
  }
  return lines.join('\n');
}

function report(env, rows, count, startedAt, totalMs) {
  const lost = count.sent - count.recorded;
  return `# Share-link redirect vs the runtime's floor

Run ${startedAt.toISOString()} · ${env.cpu} · ${env.cores} cores · ${env.memoryGiB} GiB · Node ${env.node} · wrangler ${env.wrangler} · miniflare ${env.miniflare} · workerd ${env.workerd} · autocannon ${env.autocannon} · load average at start ${env.loadAverageAtStart.join(' / ')}

Local workerd through Miniflare's API (no \`wrangler dev\` proxy); autocannon in the same Node process on loopback, keep-alive. Floor: \`GET /__noop\`, the same 302 with the same headers answered by the Worker at once. Each row: a ${WARMUP_S} s warm-up, then ${ROUNDS} rounds alternating floor and subject (${ROUND_S} s each; cold rounds are a fixed number of never-seen codes); medians over rounds, p50/p99 per response. Ratios compare with the floor of the same run: read them, not the absolute figures, on this shared 2-core box where load generator, Worker and Durable Objects share the cores.

- **warm**: \`GET /r/BENCH-1\` from the isolate cache (zero D1, zero KV); the click is recorded after the response (visitor hash, then the isolate's click batch to the aggregator object).
- **bot**: the same with a link-preview user agent: resolved and redirected, not counted (the redirect's own cost, without click recording).
- **kv**: a code this isolate has not cached but KV holds: one KV read for the code (its campaign is cached).
- **miss**: a code nothing has cached: KV miss, one D1 query, KV write-back after the response.

${table(rows)}

## Clicks recorded = clicks sent

${int(count.sent)} requests to one fresh code at 16 connections (${int(count.opsPerSec)} req/s), then every click shard flushed to D1: **${int(count.recorded)} visits recorded, ${lost === 0 ? 'none lost' : `${int(lost)} LOST`}** (${int(count.unique)} unique: one visitor).

Total bench time ${(totalMs / 1000).toFixed(1)} s.
`;
}

async function main() {
  const startedAt = new Date();
  const t0 = performance.now();
  const env = machine(['autocannon']);
  // Local Durable Object and D1 storage are files; on a RAM disk their fsyncs (a simulator's
  // cost, not the Worker's) stay out of the figures. BENCH_STATE_DIR picks another place.
  const stateRoot = process.env.BENCH_STATE_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir());
  const tmp = mkdtempSync(join(stateRoot, 'referrio-bench-redirect-'));
  let mf;
  const cleanup = async () => {
    const instance = mf;
    mf = undefined;
    if (instance) await instance.dispose().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  };
  const onSignal = (signal) => {
    cleanup().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const config = unstable_readConfig({ config: productionConfigPath }, { hideWarnings: true });
    const scriptPath = build(config, join(tmp, 'build'), { name: 'referrio-bench-redirect', entry: benchEntry, output: 'redirect-worker.js' });
    // Static assets are left out: with them on, the asset router would answer /__noop. The
    // bundle is a single ES module, so wrangler's module rules are dropped too.
    const { modulesRules: _rules, assets: _assets, ...workerOptions } = unstable_getMiniflareWorkerOptions(productionConfigPath).workerOptions;
    mf = new Miniflare(
      convertV4MiniflareOptions({
        ...workerOptions,
        // One load generator is one address: keep the per-IP limiter on (its cost is measured)
        // but out of the way.
        bindings: { ...workerOptions.bindings, REDIRECT_RATE_LIMIT_PER_MINUTE: '1000000000' },
        name: 'referrio-bench-redirect',
        modules: true,
        scriptPath,
        modulesRoot: dirname(scriptPath),
        host: '127.0.0.1',
        port: 0,
        resourcePersistencePath: join(tmp, 'state'),
        cf: false,
      }),
    );
    const base = await mf.ready;
    log(`workerd ready at ${base.origin}; seeding ${int(USERS)} referrers`);
    const { campaignId } = await post(base, '/__bench/setup', { statements: migrationStatements(config), users: USERS });

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
    const floor = (c) => (warmup) => load(base, { path: '/__noop', connections: c, seconds: warmup ? WARMUP_S : ROUND_S });

    const rows = [];
    for (const c of CONCURRENCY) {
      const warm = (userAgent) => (warmup) => load(base, { path: '/r/BENCH-1', connections: c, seconds: warmup ? WARMUP_S : ROUND_S, userAgent });
      if (PATHS.includes('warm')) rows.push(await measure('warm', c, floor(c), warm(BROWSER)));
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

    log(`count: ${int(COUNT_REQUESTS)} requests to BENCH-${COUNT_USER}`);
    const sent = await load(base, { path: `/r/BENCH-${COUNT_USER}`, connections: 16, amount: COUNT_REQUESTS });
    const countUserId = `usr_bench${COUNT_USER}`;
    // waitUntil work may still be in flight right after the last response: flush until the
    // total stops moving (or matches), at most 20 s.
    let counted = { visits: 0, unique_visits: 0 };
    for (let attempt = 0, last = -1; attempt < 40; attempt++) {
      const { users } = await post(base, '/__bench/count', { campaignId, userIds: [countUserId] });
      counted = users[0];
      if (counted.visits === sent.ops || (counted.visits === last && attempt >= 4)) break;
      last = counted.visits;
      await new Promise((r) => setTimeout(r, 500));
    }
    const count = { sent: sent.ops, recorded: counted.visits, unique: counted.unique_visits, opsPerSec: sent.opsPerSec };

    const totalMs = performance.now() - t0;
    const markdown = report(env, rows, count, startedAt, totalMs);
    console.log(markdown);
    mkdirSync(resultsDir, { recursive: true });
    const stamp = startedAt.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
    const file = join(resultsDir, `redirect-${stamp}.md`);
    writeFileSync(file, markdown);
    writeFileSync(join(resultsDir, 'latest-redirect.md'), markdown);
    const settings = { rounds: ROUNDS, roundSeconds: ROUND_S, warmupSeconds: WARMUP_S, coldRequests: COLD_REQUESTS, countRequests: COUNT_REQUESTS };
    writeFileSync(join(resultsDir, 'latest-redirect.json'), `${JSON.stringify({ startedAt: startedAt.toISOString(), totalMs, machine: env, settings, rows, count }, null, 2)}\n`);
    log(`wrote ${file}, bench/results/latest-redirect.md and bench/results/latest-redirect.json`);
    if (count.recorded !== count.sent) {
      console.error(`clicks lost: sent ${count.sent}, recorded ${count.recorded}`);
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
