// `npm run bench:stats`: GET /v1/stats (the Overview's summary) on an environment with 100,000
// referral events, against a floor route in the same run.
//
// How it works (bench/run.mjs's conventions, bench/harness.mjs's helpers)
// 1. Bundles bench/stats-worker.mjs (bench/worker.mjs, i.e. the production worker plus the
//    /__bench/ routes, plus /__bench/seed-stats) with the production bundler (`wrangler deploy
//    --dry-run`) and runs it in workerd through Miniflare's API with the production
//    wrangler.toml's bindings, storage in a fresh temp dir.
// 2. Applies migrations/*.sql and creates a workspace with the app's createWorkspace().
// 3. Seeds BENCH_STATS_REFERRALS (100,000) referral events straight into D1 (recursive-CTE
//    INSERT … SELECTs, see stats-worker.mjs): 20% signups, 80% sales in USD and EUR, 400 of
//    them refunded with their refund events, one cash reward per event (1 in 10 cancelled),
//    spread over BENCH_STATS_DAYS (90) UTC days ending today, 1,000 referrers.
// 4. Measures, from Node over loopback, one request at a time (p50/p99 per request, req/s):
//    - floor: GET /__bench/noop (answers 204 at once),
//    - floor-api: GET /v1/campaigns?per_page=1 (auth, rate limit, one small D1 read: the
//      cheapest authenticated API answer),
//    - stats: GET /v1/stats over the whole seeded range (every one of the 100,000 events is
//      aggregated), for the environment, and with campaign_id, and the default 30 days.
//    A warm-up, then BENCH_ROUNDS (5) rounds of BENCH_STATS_ROUND_MS (2000) per series,
//    series rotated each round; medians over rounds. Ratios are to the floors of the same run.
// 5. Checks the answer's totals against D1 counts, writes bench/results/stats-<UTC>.md,
//    latest-stats.md and latest-stats.json.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from 'wrangler';
import { build, log, machine, median, migrationStatements, percentile, positive, root } from './harness.mjs';

const productionConfigPath = join(root, 'wrangler.toml');
const benchEntry = join(root, 'bench', 'stats-worker.mjs');
const resultsDir = join(root, 'bench', 'results');
const ROUNDS = positive('BENCH_ROUNDS', 5);
const ROUND_MS = positive('BENCH_STATS_ROUND_MS', 2000);
const REFERRALS = positive('BENCH_STATS_REFERRALS', 100_000);
const DAYS = positive('BENCH_STATS_DAYS', 90);
const WARMUP_MS = 500;
const DAY_MS = 86_400_000;

function workerOptions() {
  const { modulesRules: _rules, assets: _assets, ...options } = unstable_getMiniflareWorkerOptions(productionConfigPath).workerOptions;
  options.durableObjects = { ...options.durableObjects, CAMPAIGN_FLOOR: { className: 'CampaignFloorObject', useSQLite: true } };
  options.bindings = { ...options.bindings, RATE_LIMIT_PER_MINUTE: '1000000000' };
  return options;
}

async function request(base, path, init) {
  const res = await fetch(new URL(path, base), init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

/** Requests one after another for durationMs; latency per request. */
async function round(url, headers, expectStatus, durationMs) {
  const latencies = [];
  const start = performance.now();
  while (performance.now() - start < durationMs) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    const body = await res.arrayBuffer();
    if (res.status !== expectStatus) throw new Error(`${url}: expected ${expectStatus}, got ${res.status}: ${Buffer.from(body).toString().slice(0, 300)}`);
    latencies.push(performance.now() - t0);
  }
  const elapsedMs = performance.now() - start;
  latencies.sort((a, b) => a - b);
  return { reqPerSec: (latencies.length / elapsedMs) * 1000, requests: latencies.length, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (a, b) => `${(a / b).toFixed(1)}×`;

async function main() {
  const startedAt = new Date();
  const env = machine();
  const tmp = realpathSync(mkdtempSync(join(os.tmpdir(), 'referrio-bench-stats-')));
  let mf;
  const cleanup = async () => {
    const instance = mf;
    mf = undefined;
    if (instance) await instance.dispose().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  };
  process.once('SIGINT', () => cleanup().finally(() => process.exit(130)));
  try {
    const config = unstable_readConfig({ config: productionConfigPath }, { hideWarnings: true });
    const scriptPath = build(config, join(tmp, 'build'), { name: 'referrio-bench-stats', entry: benchEntry, output: 'stats-worker.js' });
    mf = new Miniflare(
      convertV4MiniflareOptions({
        ...workerOptions(),
        name: 'referrio-bench-stats',
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
    const { adminKey, environmentId, campaignId } = await request(base, '/__bench/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ statements: migrationStatements(config) }),
    });
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.parse(today) - (DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
    const t0 = performance.now();
    const seeded = await request(base, '/__bench/seed-stats', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ environmentId, campaignId, referrals: REFERRALS, days: DAYS, today }),
    });
    log(`seeded ${JSON.stringify(seeded)} in ${Math.round(performance.now() - t0)} ms`);

    const headers = { 'x-api-key': adminKey };
    const check = await request(base, `/v1/stats?from=${from}&to=${today}`, { headers });
    const expected = { signups: REFERRALS / 5, sales: seeded.sales };
    const checkOk = check.totals.signups === Math.ceil(REFERRALS / 5) && check.totals.sales === seeded.sales && check.data.length === DAYS;
    if (!checkOk) throw new Error(`stats totals disagree with D1: ${JSON.stringify(check.totals)} vs ${JSON.stringify(expected)}`);

    const series = [
      { name: 'floor', path: '/__bench/noop', headers: {}, status: 204, what: 'GET /__bench/noop (204 at once)' },
      { name: 'floor-api', path: '/v1/campaigns?per_page=1', headers, status: 200, what: 'GET /v1/campaigns?per_page=1 (auth + one small D1 read)' },
      { name: 'stats', path: `/v1/stats?from=${from}&to=${today}`, headers, status: 200, what: `GET /v1/stats, ${DAYS} days: all ${REFERRALS.toLocaleString('en-US')} events` },
      { name: 'stats-campaign', path: `/v1/stats?from=${from}&to=${today}&campaign_id=${campaignId}`, headers, status: 200, what: `the same with campaign_id` },
      { name: 'stats-30d', path: '/v1/stats', headers, status: 200, what: 'GET /v1/stats, default 30 days (a third of them)' },
    ];
    for (const s of series) await round(new URL(s.path, base), s.headers, s.status, WARMUP_MS);
    const results = Object.fromEntries(series.map((s) => [s.name, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (let k = 0; k < series.length; k++) {
        const s = series[(k + r) % series.length];
        results[s.name].push(await round(new URL(s.path, base), s.headers, s.status, ROUND_MS));
      }
      log(`round ${r + 1}/${ROUNDS} done`);
    }
    const summary = series.map((s) => ({
      series: s.name,
      what: s.what,
      reqPerSec: median(results[s.name].map((x) => x.reqPerSec)),
      p50Ms: median(results[s.name].map((x) => x.p50Ms)),
      p99Ms: median(results[s.name].map((x) => x.p99Ms)),
      requests: results[s.name].reduce((n, x) => n + x.requests, 0),
    }));
    const floor = summary[0];
    const floorApi = summary[1];
    const rows = summary.map(
      (s) => `| ${s.series} | ${s.what} | ${fmt(s.reqPerSec)} | ${fmt(s.p50Ms)} | ${fmt(s.p99Ms)} | ${s.requests} | ${ratio(s.p50Ms, floor.p50Ms)} | ${ratio(s.p50Ms, floorApi.p50Ms)} |`,
    );
    const markdown = `# GET /v1/stats at ${REFERRALS.toLocaleString('en-US')} referrals

Run ${startedAt.toISOString()} · ${env.cpu} · ${env.cores} cores · ${env.memoryGiB} GiB · Node ${env.node} · wrangler ${env.wrangler} · miniflare ${env.miniflare} · workerd ${env.workerd} · load average at start ${env.loadAverageAtStart.join(' / ')}

Production bundle (bench/stats-worker.mjs = bench/worker.mjs + a seeding route) in local workerd through Miniflare's API; local D1 (SQLite) in ${tmp}. Seeded straight into D1: ${seeded.referrals.toLocaleString('en-US')} referrals (${seeded.sales.toLocaleString('en-US')} sales, ${seeded.refunds} refunds of refunded sales, the rest signups), ${seeded.rewards.toLocaleString('en-US')} rewards, over ${DAYS} UTC days, 1,000 referrers, in ${seeded.seedMs} ms. Requests from Node over loopback, one at a time; a ${WARMUP_MS} ms warm-up per series, then ${ROUNDS} rounds of ${ROUND_MS} ms per series (order rotated each round); medians over rounds of each round's req/s, p50 and p99. Compare with the floors of the same run, not across machines: this box is shared (2 cores; other engineers' tests may run).

| series | request | req/s | p50 ms | p99 ms | requests | p50 vs floor | p50 vs floor-api |
|---|---|--:|--:|--:|--:|--:|--:|
${rows.join('\n')}

Answer checked against D1: totals.signups = ${check.totals.signups.toLocaleString('en-US')}, totals.sales = ${check.totals.sales.toLocaleString('en-US')}, ${check.data.length} days; revenue ${JSON.stringify(check.totals.revenue)}, rewards ${check.totals.rewards.toLocaleString('en-US')}, reward_value ${JSON.stringify(check.totals.reward_value)}.
`;
    mkdirSync(resultsDir, { recursive: true });
    const stamp = startedAt.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
    writeFileSync(join(resultsDir, `stats-${stamp}.md`), markdown);
    writeFileSync(join(resultsDir, 'latest-stats.md'), markdown);
    writeFileSync(join(resultsDir, 'latest-stats.json'), `${JSON.stringify({ startedAt, machine: env, settings: { rounds: ROUNDS, roundMs: ROUND_MS, referrals: REFERRALS, days: DAYS }, seeded, summary, rounds: results, check: check.totals }, null, 2)}\n`);
    process.stdout.write(markdown);
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
