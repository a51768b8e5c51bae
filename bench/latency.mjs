// `npm run bench:latency [-- --delay 50 --label after]`: what a deployed API call costs in round
// trips. The production bundle runs in workerd (Miniflare's API, as bench/run.mjs) with every
// binding call delayed by a fixed time (bench/latency-worker.mjs; default 50 ms, `--delay` or
// BENCH_LATENCY_MS), so a route's latency is about its sequential round trips × the delay. Each
// route is requested one at a time from Node, BENCH_LATENCY_SAMPLES (20) times after a warm-up;
// the floor, GET /__bench/floor, makes exactly one round trip. Reported: p50 and p99 per route and
// p50 as a multiple of the floor's. Then one campaign object under BENCH_LATENCY_CALLERS (64)
// concurrent callers for BENCH_LATENCY_RECORD_MS (5,000): events/s against the 1,000/s goal, and
// every event sent must be in D1 once.
//
// Writes bench/results/latency-<label>.json (label: --label, default "after") and rebuilds
// bench/results/latest-latency.md from latency-before.json and latency-after.json (`--render`
// rebuilds it alone, from the stored runs).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from 'wrangler';
import { build, log, machine, median, migrationStatements, percentile, positive, root } from './harness.mjs';
import { profileWorkerd } from './profile.mjs';

const flag = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DELAY_MS = Number(flag('delay') ?? process.env.BENCH_LATENCY_MS ?? 50);
if (!Number.isFinite(DELAY_MS) || DELAY_MS < 0) throw new Error('--delay must be a number of ms');
// `--profile`: CPU profiles of workerd's isolates while the campaign object runs (printed).
const PROFILE = process.argv.includes('--profile');
const INSPECTOR_PORT = 9339;
const LABEL = flag('label') ?? process.env.BENCH_LATENCY_LABEL ?? 'after';
const SAMPLES = positive('BENCH_LATENCY_SAMPLES', 20);
const CALLERS = positive('BENCH_LATENCY_CALLERS', 64);
const RECORD_MS = positive('BENCH_LATENCY_RECORD_MS', 5000);
const GOAL_EVENTS_PER_SEC = 1000;
const PASSWORD = 'correct horse battery';

const configPath = join(root, 'wrangler.toml');
const resultsDir = join(root, 'bench', 'results');

function workerOptions() {
  const { modulesRules: _rules, assets: _assets, ...options } = unstable_getMiniflareWorkerOptions(configPath).workerOptions;
  options.bindings = { ...options.bindings, RATE_LIMIT_PER_MINUTE: '1000000000', LATENCY_MS: String(DELAY_MS), APP_ENV: 'development' };
  return options;
}

async function api(base, method, path, { key, body, headers = {}, expect } = {}) {
  const res = await fetch(new URL(path, base), {
    method,
    redirect: 'manual',
    headers: { ...(key ? { 'x-api-key': key } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (expect && res.status !== expect) throw new Error(`${method} ${path} → ${res.status} (expected ${expect}): ${text.slice(0, 400)}`);
  return { status: res.status, headers: res.headers, json: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : null };
}

/** `SAMPLES` sequential requests (after two warm-ups); `make(i)` returns [method, path, options]. */
async function sample(base, make) {
  for (let i = 0; i < 2; i++) await api(base, ...make(-1 - i));
  const times = [];
  for (let i = 0; i < SAMPLES; i++) {
    const [method, path, options] = make(i);
    const t0 = performance.now();
    await api(base, method, path, options);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: median(times), p99Ms: percentile(times, 99) };
}

const EMAIL = 'bench@example.com';

/** A workspace with an admin, a live campaign that rewards signups and sales, and one referrer. */
async function prepare(base, config) {
  const setup = await api(base, 'POST', '/__bench/setup', { body: { statements: migrationStatements(config), admin: { email: EMAIL, password: PASSWORD } }, expect: 200 });
  const key = setup.json.adminKey;
  const rules = [
    { id: 'signup', trigger: 'signup', recipients: { referrer: { type: 'cash', amount: 500, currency: 'USD' } } },
    { id: 'sale', trigger: 'sale', recipients: { referrer: { type: 'cash', amount: 700, currency: 'USD' } } },
  ];
  const campaign = (await api(base, 'POST', '/v1/campaigns', { key, body: { name: 'Latency', status: 'live', landing_url: 'https://shop.example.com/', rules }, expect: 201 })).json;
  const referrer = (await api(base, 'POST', '/v1/users', { key, body: { external_id: 'referrer', campaign_id: campaign.id }, expect: 201 })).json;
  return { setup, key, campaign, referrer };
}

/**
 * CALLERS callers send sales to one campaign object for RECORD_MS; D1 must gain exactly one
 * referral and one reward per event. Its floors, in the same run: the same callers and input to a
 * method that does nothing, and to one that makes one trivial D1 round trip.
 */
async function recordObject(base, { setup, campaign, referrer }) {
  const recordBody = { environmentId: setup.json.environmentId, campaignId: campaign.id, referrerId: referrer.id, concurrency: CALLERS, durationMs: RECORD_MS };
  const noop = (await api(base, 'POST', '/__bench/record', { body: { ...recordBody, method: 'noop' }, expect: 200 })).json;
  log(`campaign object floor (no-op call): ${noop.eventsPerSec.toFixed(0)} calls/s with ${CALLERS} callers`);
  const oneTrip = (await api(base, 'POST', '/__bench/record', { body: { ...recordBody, method: 'oneTrip' }, expect: 200 })).json;
  log(`campaign object floor (one trivial D1 trip per call): ${oneTrip.eventsPerSec.toFixed(0)} calls/s with ${CALLERS} callers`);
  const countsBefore = (await api(base, 'POST', '/__bench/count', { body: { campaignId: campaign.id }, expect: 200 })).json;
  const profiling = PROFILE ? new Promise((r) => setTimeout(r, RECORD_MS / 4)).then(() => profileWorkerd(INSPECTOR_PORT, RECORD_MS / 2)) : null;
  const record = (await api(base, 'POST', '/__bench/record', { body: recordBody, expect: 200 })).json;
  for (const p of (await profiling) ?? []) {
    log(`profile of ${p.isolate}: busy ${(100 * p.busy).toFixed(0)}% of the time; self time:`);
    for (const r of p.rows) log(`  ${(100 * r.share).toFixed(1).padStart(5)}%  ${r.fn}`);
  }
  if (record.problems.length) throw new Error(`campaign object: ${record.problems.join('; ')}`);
  // Let the object's after-the-answer work (projection retries) settle, then check D1.
  await new Promise((r) => setTimeout(r, Math.max(2000, DELAY_MS * 40)));
  const after = (await api(base, 'POST', '/__bench/count', { body: { campaignId: campaign.id }, expect: 200 })).json;
  const counts = { referrals: after.referrals - countsBefore.referrals, rewards: after.rewards - countsBefore.rewards };
  if (counts.referrals !== record.events || counts.rewards !== record.events) throw new Error(`D1 check failed: ${record.events} events, ${counts.referrals} referrals, ${counts.rewards} rewards`);
  log(`campaign object: calls per event, by binding: ${Object.entries(record.tripsPerEvent).map(([k, n]) => `${k} ${n.toFixed(3)}`).join(', ')}`);
  log(`campaign object: each call's own time before the delay, mean: ${Object.entries(record.callMeanMs).map(([k, ms]) => `${k} ${ms.toFixed(1)} ms`).join(', ')}`);
  log(`campaign object: ${record.eventsPerSec.toFixed(0)} events/s with ${CALLERS} callers at ${DELAY_MS} ms per trip (p50 ${record.p50Ms.toFixed(0)} ms, p90 ${record.p90Ms.toFixed(0)} ms, p99 ${record.p99Ms.toFixed(0)} ms, mean ${record.meanMs.toFixed(1)} ms)`);
  return { callers: CALLERS, durationMs: RECORD_MS, ...record, d1: counts, noopPerSec: noop.eventsPerSec, oneTripPerSec: oneTrip.eventsPerSec };
}

async function run() {
  const config = unstable_readConfig({ config: configPath });
  const tmp = realpathSync(mkdtempSync(join(os.tmpdir(), 'referrio-latency-')));
  const started = new Date();
  let mf;
  try {
    const scriptPath = build(config, join(tmp, 'build'), { name: 'referrio-latency', entry: join(root, 'bench', 'latency-worker.mjs'), output: 'latency-worker.js' });
    mf = new Miniflare(
      convertV4MiniflareOptions({ ...workerOptions(), name: 'referrio-latency', modules: true, scriptPath, modulesRoot: dirname(scriptPath), host: '127.0.0.1', port: 0, ...(PROFILE ? { inspectorPort: INSPECTOR_PORT } : {}), resourcePersistencePath: join(tmp, 'state'), cf: false }),
    );
    const base = await mf.ready;
    const { setup, key, campaign, referrer } = await prepare(base, config);
    const login = await api(base, 'POST', '/v1/auth/login', { body: { email: EMAIL, password: PASSWORD }, expect: 200 });
    const cookie = `referrio_session=${/referrio_session=([^;]*)/.exec(login.headers.get('set-cookie') ?? '')?.[1]}`;
    let n = 0;
    const routes = [
      ['floor (1 round trip)', () => ['GET', '/__bench/floor', { expect: 204 }]],
      ['GET /v1/users/{id}', () => ['GET', `/v1/users/${referrer.id}`, { key, expect: 200 }]],
      ['GET /v1/users', () => ['GET', '/v1/users', { key, expect: 200 }]],
      ['GET /v1/rewards', () => ['GET', '/v1/rewards', { key, expect: 200 }]],
      ['GET /v1/users/{id}/balance', () => ['GET', `/v1/users/${referrer.id}/balance`, { key, expect: 200 }]],
      ['GET /v1/users (session)', () => ['GET', '/v1/users', { headers: { cookie }, expect: 200 }]],
      ['POST /v1/users (new)', () => ['POST', '/v1/users', { key, body: { external_id: `u-${++n}`, campaign_id: campaign.id }, expect: 201 }]],
      ['POST /v1/users (repeat)', () => ['POST', '/v1/users', { key, body: { external_id: 'referrer', campaign_id: campaign.id }, expect: 200 }]],
      ['POST /v1/users (new, Idempotency-Key)', () => ['POST', '/v1/users', { key, body: { external_id: `i-${++n}`, campaign_id: campaign.id }, headers: { 'idempotency-key': `k-${n}` }, expect: 201 }]],
      ['POST /v1/referrals (signup, new referee)', () => ['POST', '/v1/referrals', { key, body: { code: referrer.referral_code, type: 'signup', referee: { external_id: `f-${++n}` } }, expect: 201 }]],
      ['POST /v1/referrals (sale)', () => ['POST', '/v1/referrals', { key, body: { code: referrer.referral_code, type: 'sale', amount: 5000, currency: 'USD', order_id: `o-${++n}` }, expect: 201 }]],
    ];
    const rows = [];
    const onlyRecord = process.env.BENCH_LATENCY_PARTS === 'record';
    for (const [label, make] of onlyRecord ? routes.slice(0, 1) : routes) {
      const r = await sample(base, make);
      rows.push({ label, ...r });
      log(`${label}: p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms`);
    }
    // A fresh isolate with a warm KV: the isolate's caches are emptied before every follow.
    if (!onlyRecord) {
    const fresh = await sample(base, () => ['GET', `/r/${referrer.referral_code}`, { expect: 302 }]);
    const freshTimes = [];
    for (let i = 0; i < SAMPLES; i++) {
      await api(base, 'POST', '/__bench/forget', { expect: 204 });
      const t0 = performance.now();
      await api(base, 'GET', `/r/${referrer.referral_code}`, { expect: 302 });
      freshTimes.push(performance.now() - t0);
    }
    freshTimes.sort((a, b) => a - b);
    rows.push({ label: 'GET /r/{code} (warm isolate)', ...fresh });
    rows.push({ label: 'GET /r/{code} (fresh isolate, warm KV)', p50Ms: median(freshTimes), p99Ms: percentile(freshTimes, 99) });
    }
    const floor = rows[0].p50Ms;
    for (const r of rows) r.floorMultiple = r.p50Ms / floor;

    const campaignObject = await recordObject(base, { setup, campaign, referrer });
    const result = { label: LABEL, delayMs: DELAY_MS, samples: SAMPLES, run: started.toISOString(), machine: machine(), rows, campaignObject };
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, `latency-${LABEL}.json`), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(resultsDir, 'latest-latency.md'), render(result));
    log(`wrote bench/results/latency-${LABEL}.json and latest-latency.md`);
  } finally {
    await mf?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  }
}

const ms = (x) => (x === undefined ? '—' : `${x.toFixed(0)} ms`);

/** The before/after table from whichever of latency-before.json and latency-after.json exist. */
function render(current) {
  const load = (label) => {
    const file = join(resultsDir, `latency-${label}.json`);
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  };
  const before = load('before');
  const after = load('after');
  const runs = [before, after].filter(Boolean);
  if (!runs.some((r) => r.label === current.label)) runs.push(current);
  const lines = ['### Deployed latency, simulated: a fixed delay per round trip (`npm run bench:latency`)', ''];
  lines.push('| run | delay per trip | samples per route | machine | load at start |', '|---|---|---|---|---|');
  for (const r of runs) lines.push(`| ${r.label} (${r.run}) | ${r.delayMs} ms | ${r.samples} | ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB; Node ${r.machine.node}, workerd ${r.machine.workerd} | ${r.machine.loadAverageAtStart.join(' ')} |`);
  lines.push('', 'p50 (p99), and p50 as a multiple of the floor (one round trip) of the same run:', '');
  lines.push(`| route | ${runs.map((r) => r.label).join(' | ')} |`, `|---|${runs.map(() => '---').join('|')}|`);
  for (const row of runs[runs.length - 1].rows) {
    const cells = runs.map((r) => {
      const x = r.rows.find((y) => y.label === row.label);
      return x ? `${ms(x.p50Ms)} (${ms(x.p99Ms)}), ×${x.floorMultiple.toFixed(1)}` : '—';
    });
    lines.push(`| ${row.label} | ${cells.join(' | ')} |`);
  }
  lines.push('', `One campaign object, sales from concurrent callers (goal: ${GOAL_EVENTS_PER_SEC} events/s at 50 ms per trip with 64 callers):`, '');
  lines.push(
    '| run | callers | events/s | vs goal | p50 | p99 | floor: no-op calls/s (events/s ÷ it) | floor: calls/s with one trivial D1 trip (events/s ÷ it) | in D1 (referrals / rewards / sent) |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  const vs = (events, floor) => (floor === undefined ? '—' : `${floor.toFixed(0)} (${(events / floor).toFixed(2)})`);
  for (const r of runs) {
    const c = r.campaignObject;
    lines.push(
      `| ${r.label} | ${c.callers} | ${c.eventsPerSec.toFixed(0)} | ${(c.eventsPerSec / GOAL_EVENTS_PER_SEC).toFixed(2)} | ${ms(c.p50Ms)} | ${ms(c.p99Ms)} | ${vs(c.eventsPerSec, c.noopPerSec)} | ${vs(c.eventsPerSec, c.oneTripPerSec)} | ${c.d1.referrals} / ${c.d1.rewards} / ${c.events} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv.includes('--render')) {
  // Only rebuild latest-latency.md from the stored runs (e.g. a 'before' run made on another checkout).
  const stored = JSON.parse(readFileSync(join(resultsDir, `latency-${LABEL}.json`), 'utf8'));
  writeFileSync(join(resultsDir, 'latest-latency.md'), render(stored));
} else {
  await run();
}
