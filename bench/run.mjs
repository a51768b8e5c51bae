// `npm run bench`: how many referral codes one campaign Durable Object mints per second here,
// and how many referral events campaign objects evaluate per second, through one campaign and
// through BENCH_EVENT_CAMPAIGNS (8) campaigns at once.
//
// How it works
// 1. Bundles bench/worker.mjs (the production worker plus a few /__bench/ routes, see that
//    file) with `wrangler deploy --dry-run`, the same bundler a deploy uses, into a temp dir,
//    with the compatibility date and flags of the production wrangler.toml.
// 2. Runs the bundle in workerd through Miniflare's API (no `wrangler dev`, no proxy Worker),
//    with the production wrangler.toml's bindings (minus static assets, plus CAMPAIGN_FLOOR
//    for the floor object) and storage in a fresh temp dir. Nothing about bindings is copied
//    into bench/, so the bench follows the production config as it changes.
// 3. Applies migrations/*.sql to D1 and creates a workspace with the app's own
//    createWorkspace() (POST /__bench/setup), which returns a test admin key.
// 4. Durable Object figures are measured inside the runtime: one request to /__bench/loop
//    makes a Worker call the object over RPC in a loop, N calls in flight, for a fixed time.
//    (RPC from Node through Miniflare's binding proxy works too, but that proxy costs far more
//    per call than the object does, so it would measure the proxy.) The floor is the same
//    loop calling a no-op RPC method on the same kind of object (CampaignFloorObject =
//    CampaignObject + noop()), on as many objects as the subject uses.
//    - mint: CampaignObject.mint() on ONE object, 1, 16 or 64 calls in flight.
//    - events: CampaignObject.record(EventInput), the EventInput POST /v1/referrals builds
//      for a sale with a new order_id, in live campaigns (made through the API) whose one rule
//      pays the referrer cash per sale; 1 campaign at 1 and 16 in flight, 8 campaigns at 16.
// 5. End-to-end figures are sent from Node over loopback to workerd, with GET /__bench/noop
//    (answers 204 at once) from the same client as the floor:
//    - mint: POST /v1/users (auth, D1 reads, a mint through the DO, a D1 insert).
//    - events: POST /v1/referrals (type sale, new order_id each, the referrer's code), 1
//      campaign at 1 and 16 in flight, 8 campaigns at 16 (slot i → campaign i mod 8).
//    At the end every event sent must be in D1 once with its one reward (POST /__bench/count).
// Each mint figure: a warm-up round, then ROUNDS rounds alternating floor and subject. Event
// figures: a warm-up of each series, then ROUNDS rounds each running every series of its
// section once, in rotated order. Medians are reported, with ratios to the floor measured in
// the same run, the 8-campaign ÷ 1-campaign ratio, and the CPU workerd (and its busiest
// thread) and the Node client used. Prints Markdown tables and writes bench/results/
// mint-<UTC timestamp>.md, latest-mint.md/.json, events-<UTC timestamp>.md, latest-events.md/.json.
// Knobs (env): BENCH_ROUNDS (5), BENCH_DO_ROUND_MS (1000), BENCH_HTTP_ROUND_MS (1000),
// BENCH_DO_CONCURRENCY (1,16,64), BENCH_HTTP_CONCURRENCY (1,16), BENCH_EVENT_CAMPAIGNS (8),
// BENCH_EVENT_CONCURRENCY (16), BENCH_PARTS (mint,events); TMPDIR picks where the temporary
// storage lives (on disk by default; /dev/shm measures without disk writes).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
// miniflare is wrangler's own dependency (same copy wrangler runs); it is not in package.json.
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from 'wrangler';
import { build, list, log, machine, median, migrationStatements, percentile, positive, root } from './harness.mjs';

const productionConfigPath = join(root, 'wrangler.toml');
const benchEntry = join(root, 'bench', 'worker.mjs');
const resultsDir = join(root, 'bench', 'results');

const ROUNDS = positive('BENCH_ROUNDS', 5);
const DO_ROUND_MS = positive('BENCH_DO_ROUND_MS', 1000);
const HTTP_ROUND_MS = positive('BENCH_HTTP_ROUND_MS', 1000);
const WARMUP_MS = 400;
const DO_CONCURRENCY = list('BENCH_DO_CONCURRENCY', [1, 16, 64]);
const HTTP_CONCURRENCY = list('BENCH_HTTP_CONCURRENCY', [1, 16]);
const EVENT_CAMPAIGNS = positive('BENCH_EVENT_CAMPAIGNS', 8);
const EVENT_CONCURRENCY = positive('BENCH_EVENT_CONCURRENCY', 16);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'mint,events').split(',').map((p) => p.trim()));
if (![...PARTS].every((p) => p === 'mint' || p === 'events')) throw new Error('BENCH_PARTS must list mint and/or events');
if (!Number.isInteger(EVENT_CAMPAIGNS) || !Number.isInteger(EVENT_CONCURRENCY) || EVENT_CONCURRENCY % EVENT_CAMPAIGNS !== 0) {
  throw new Error('BENCH_EVENT_CONCURRENCY must be a whole multiple of BENCH_EVENT_CAMPAIGNS (every campaign gets the same number of slots)');
}

/** Miniflare options for the production config's bindings, plus the floor object. */
function workerOptions() {
  // Static assets are left out: the bench only hits Worker routes, and with assets on, the
  // asset router would answer /__bench/* (not in run_worker_first). The bundle is a single ES
  // module, so wrangler's module rules (which Miniflare 5 cannot convert) are dropped too.
  const { modulesRules: _rules, assets: _assets, ...options } = unstable_getMiniflareWorkerOptions(productionConfigPath).workerOptions;
  const campaign = options.durableObjects?.CAMPAIGN;
  const className = typeof campaign === 'string' ? campaign : campaign?.className;
  if (className !== 'CampaignObject') throw new Error(`expected CAMPAIGN → CampaignObject in wrangler.toml, found ${JSON.stringify(campaign)}`);
  options.durableObjects = { ...options.durableObjects, CAMPAIGN_FLOOR: { className: 'CampaignFloorObject', useSQLite: true } };
  // One bench key sends far more than 600 requests a minute: keep the limiter on (its RPC is
  // part of what is measured) but out of the way.
  options.bindings = { ...options.bindings, RATE_LIMIT_PER_MINUTE: '1000000000' };
  return options;
}

async function request(base, path, init) {
  const res = await fetch(new URL(path, base), init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

/** One round of RPC calls made inside the runtime (see bench/worker.mjs). */
async function rpcRound(base, body, durationMs) {
  const wallStart = performance.now();
  const r = await request(base, '/__bench/loop', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, durationMs }),
  });
  const wallMs = performance.now() - wallStart;
  // Inside a deployed Worker timers only move across I/O; locally they should move. Check.
  if (r.elapsedMs < durationMs * 0.9 || r.elapsedMs > wallMs + 5) {
    throw new Error(`in-runtime clock looks wrong: loop says ${r.elapsedMs} ms, wall ${wallMs.toFixed(1)} ms`);
  }
  if (r.problems.length) throw new Error(`${body.op}: ${r.problems.join('; ')}`);
  return { opsPerSec: (r.ops / r.elapsedMs) * 1000, ops: r.ops, perObject: r.perObject, elapsedMs: r.elapsedMs, p50Ms: r.p50Ms, p99Ms: r.p99Ms };
}

const doRound = (base, op, concurrency, durationMs) => rpcRound(base, { op, object: `bench-${op}`, concurrency }, durationMs);

/** One round of HTTP requests from Node to workerd, `concurrency` in flight; makeRequest(lane index). */
async function httpRound(makeRequest, expectStatus, concurrency, durationMs) {
  const latencies = [];
  let ops = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  async function lane(_, i) {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const res = await makeRequest(i);
      const body = await res.arrayBuffer();
      if (res.status !== expectStatus) throw new Error(`expected ${expectStatus}, got ${res.status}: ${Buffer.from(body).toString().slice(0, 500)}`);
      latencies.push(performance.now() - t0);
      ops++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  const elapsedMs = performance.now() - start;
  latencies.sort((a, b) => a - b);
  return { opsPerSec: (ops / elapsedMs) * 1000, ops, elapsedMs, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** Warm-up, then rounds alternating floor and subject (order flipped each round). */
async function measure(label, concurrency, runFloor, runSubject) {
  await runFloor(WARMUP_MS);
  await runSubject(WARMUP_MS);
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
    minOpsPerSec: Math.min(...rounds.map((r) => r.opsPerSec)),
    maxOpsPerSec: Math.max(...rounds.map((r) => r.opsPerSec)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    totalOps: rounds.reduce((n, r) => n + r.ops, 0),
    rounds,
  });
  const row = { label, concurrency, subject: summary(subject), floor: summary(floor) };
  row.ratio = row.subject.opsPerSec / row.floor.opsPerSec;
  log(`${label} ×${concurrency}: ${Math.round(row.subject.opsPerSec)} ops/s, floor ${Math.round(row.floor.opsPerSec)} ops/s`);
  return row;
}

const summarize = (rounds) => ({
  opsPerSec: median(rounds.map((r) => r.opsPerSec)),
  minOpsPerSec: Math.min(...rounds.map((r) => r.opsPerSec)),
  maxOpsPerSec: Math.max(...rounds.map((r) => r.opsPerSec)),
  p50Ms: median(rounds.map((r) => r.p50Ms)),
  p99Ms: median(rounds.map((r) => r.p99Ms)),
  totalOps: rounds.reduce((n, r) => n + r.ops, 0),
  rounds,
});

// ---- CPU: where the time goes (Linux /proc; null elsewhere) ----

const CLOCK_TICKS = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isInteger(n) && n > 0 ? n : 100;
})();

/** utime + stime of a /proc stat line, in clock ticks (fields 14 and 15; comm may hold spaces). */
function statTicks(path) {
  try {
    const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** The workerd process Miniflare started for this run: a child of this Node process. */
function findWorkerd() {
  if (!existsSync('/proc')) return null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.split(') ')[1].split(' ')[1]);
      if (comm === 'workerd' && ppid === process.pid) return Number(entry);
    } catch {}
  }
  return null;
}

let workerdPid = null;

function cpuSample() {
  const threads = new Map();
  if (workerdPid) {
    try {
      for (const tid of readdirSync(`/proc/${workerdPid}/task`)) threads.set(tid, statTicks(`/proc/${workerdPid}/task/${tid}/stat`) ?? 0);
    } catch {}
  }
  return { at: performance.now(), node: process.cpuUsage(), workerd: workerdPid ? statTicks(`/proc/${workerdPid}/stat`) : null, threads };
}

/** Cores busy between two samples: workerd in all, its busiest thread, and this Node process (the client). */
function cpuBetween(a, b) {
  const seconds = (b.at - a.at) / 1000;
  const node = (b.node.user - a.node.user + b.node.system - a.node.system) / 1e6 / seconds;
  if (a.workerd === null || b.workerd === null) return { workerd: null, workerdBusiestThread: null, node };
  let busiest = 0;
  for (const [tid, ticks] of b.threads) busiest = Math.max(busiest, ticks - (a.threads.get(tid) ?? 0));
  return { workerd: (b.workerd - a.workerd) / CLOCK_TICKS / seconds, workerdBusiestThread: busiest / CLOCK_TICKS / seconds, node };
}

/** A round with the CPU it took. */
async function withCpu(run, durationMs) {
  const before = cpuSample();
  const r = await run(durationMs);
  return { ...r, cpu: cpuBetween(before, cpuSample()) };
}

/**
 * Several series measured side by side: a warm-up round of each, then ROUNDS rounds in which
 * every series runs once, the order rotated each round so that no series always goes first.
 * Round i of every series ran within the same few seconds, so per-round ratios are paired.
 */
async function measureSeries(title, series) {
  for (const s of series) await s.run(WARMUP_MS);
  const rounds = series.map(() => []);
  for (let i = 0; i < ROUNDS; i++) {
    for (let k = 0; k < series.length; k++) {
      const j = (i + k) % series.length;
      rounds[j].push(await withCpu(() => series[j].run()));
    }
  }
  const out = {};
  const cpu = (rs, k) => (rs.every((r) => r.cpu[k] !== null) ? median(rs.map((r) => r.cpu[k])) : null);
  series.forEach((s, j) => {
    const cores = { workerd: cpu(rounds[j], 'workerd'), workerdBusiestThread: cpu(rounds[j], 'workerdBusiestThread'), node: cpu(rounds[j], 'node') };
    out[s.key] = { key: s.key, campaigns: s.campaigns, concurrency: s.concurrency, ...summarize(rounds[j]), cpu: cores };
    log(`${title} ${s.key}: ${Math.round(out[s.key].opsPerSec)} ops/s`);
  });
  return out;
}

/** a ÷ b: of the medians, and the median and range of the same-round pairs. */
function ratio(a, b) {
  const pairs = a.rounds.map((r, i) => r.opsPerSec / b.rounds[i].opsPerSec);
  return { ofMedians: a.opsPerSec / b.opsPerSec, pairedMedian: median(pairs), pairedMin: Math.min(...pairs), pairedMax: Math.max(...pairs) };
}

const int = (x) => Math.round(x).toLocaleString('en-US');
const ms = (x) => (x < 1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1));
/** The runtime's clock ticks in whole milliseconds, so in-runtime percentiles are whole ms. */
const wholeMs = (x) => (x < 1 ? '<1' : String(Math.round(x)));
/** Mean time per call (Little's law: in flight ÷ throughput); exact, unlike the percentiles. */
const meanMs = (r, side) => (r.concurrency * 1000) / r[side].opsPerSec;

function table(rows, subjectName, floorName, pct) {
  const lines = [
    `| in flight | ${subjectName} ops/s (median) | min–max ops/s | mean ms | p50 ms | p99 ms | ${floorName} ops/s (median) | ${floorName} mean ms | ${subjectName} ÷ ${floorName} (ops/s) | time per op × ${floorName} |`,
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of rows) {
    const cells = [
      r.concurrency,
      int(r.subject.opsPerSec),
      `${int(r.subject.minOpsPerSec)}–${int(r.subject.maxOpsPerSec)}`,
      ms(meanMs(r, 'subject')),
      pct(r.subject.p50Ms),
      pct(r.subject.p99Ms),
      int(r.floor.opsPerSec),
      ms(meanMs(r, 'floor')),
      r.ratio.toFixed(3),
      `${(1 / r.ratio).toFixed(1)}×`,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function report(env, doRows, httpRows, startedAt, totalMs, storage, loadAtEnd) {
  return `# Referral code minting through one campaign Durable Object

| machine | |
|---|---|
| run | ${startedAt.toISOString()}, ${(totalMs / 1000).toFixed(1)} s |
| CPU | ${env.cpu}, ${env.cores} cores, ${env.memoryGiB} GiB |
| Node | ${env.node} (wrangler ${env.wrangler}, miniflare ${env.miniflare}, workerd ${env.workerd}) |
| storage (D1 + Durable Objects) | fresh temp dir on ${storage} |
| load average (1/5/15 min) | ${env.loadAverageAtStart.join(' / ')} at start, ${loadAtEnd.join(' / ')} at end |

workerd driven through Miniflare's API (no \`wrangler dev\` proxy). Each row: a ${WARMUP_MS} ms warm-up, then ${ROUNDS} round${ROUNDS === 1 ? '' : 's'} alternating floor and subject; ops/s and percentiles are medians over the rounds. Mean ms = in flight ÷ ops/s. The ratio columns compare with the floor measured in the same run: compare those across runs and machines, not the absolute figures.

## mint(): codes minted through ONE CampaignObject over RPC

A Worker in the same workerd calls \`mint('BENCH', 6)\` on one object, with ${DO_CONCURRENCY.join(', ')} call(s) in flight, for ${DO_ROUND_MS} ms a round (the loop runs inside the runtime, so no client or HTTP cost is counted). Floor: the same loop calling a no-op RPC method on the same kind of object (\`CampaignFloorObject\` = \`CampaignObject\` + \`noop()\`). p50/p99 come from the runtime's clock, which ticks in whole ms.

${table(doRows, 'mint', 'no-op RPC', wholeMs)}

## End to end: POST /v1/users

Sent from Node over loopback to workerd, ${HTTP_ROUND_MS} ms a round. Each request: API-key auth, D1 reads, one mint through the campaign's object, a D1 insert, the user read back. Floor: \`GET /__bench/noop\` (the Worker answers 204 at once), same client, same concurrency.

${table(httpRows, 'POST /v1/users', 'no-op request', ms)}

One shared 2-core machine: client, Worker, Durable Object and D1 simulator compete for the same cores, and other work may be running (see load average).
`;
}

// ---- Referral events: record() through one campaign object vs EVENT_CAMPAIGNS at once ----

/** The campaigns' one rule: every sale pays the referrer $1.00 (no cap, no budget). */
const EVENT_RULE = { id: 'per-sale', trigger: 'sale', recipients: { referrer: { type: 'cash', amount: 100, currency: 'USD' } } };
const SALE = { amount: 2500, currency: 'USD' };

/** `n` live campaigns with EVENT_RULE, each with one referrer, made through the API. */
async function eventCampaigns(base, adminKey, label, n) {
  const post = (path, body) =>
    request(base, path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': adminKey }, body: JSON.stringify(body) });
  const out = [];
  for (let i = 1; i <= n; i++) {
    const campaign = await post('/v1/campaigns', { name: `Bench ${label} ${i}`, status: 'live', rules: [EVENT_RULE] });
    const referrer = await post('/v1/users', { external_id: `bench-${label}-referrer-${i}`, name: 'Ray Bench', campaign_id: campaign.id });
    out.push({ campaignId: campaign.id, referrerId: referrer.id, code: referrer.referral_code });
  }
  return out;
}

const add = (counts, id, n) => counts.set(id, (counts.get(id) ?? 0) + n);

/** (b) in the runtime: record(EventInput) over RPC, and the no-op RPC over the same objects. */
async function measureEventsRpc(base, environmentId, campaigns, expected) {
  const objects = (n) => campaigns.slice(0, n);
  const record = (n, concurrency) => async (d = DO_ROUND_MS) => {
    const cs = objects(n);
    const r = await rpcRound(base, { op: 'record', objects: cs.map((c) => c.campaignId), referrerIds: cs.map((c) => c.referrerId), environmentId, concurrency }, d);
    r.perObject.forEach((k, i) => {
      add(expected, cs[i].campaignId, k);
    });
    return r;
  };
  const noop = (n, concurrency) => (d = DO_ROUND_MS) => rpcRound(base, { op: 'noop', objects: objects(n).map((c) => c.campaignId), concurrency }, d);
  const shapes = [[1, 1], [1, EVENT_CONCURRENCY], [EVENT_CAMPAIGNS, EVENT_CONCURRENCY]];
  const series = shapes.flatMap(([n, c]) => [
    { key: `noop ${n}x${c}`, campaigns: n, concurrency: c, run: noop(n, c) },
    { key: `record ${n}x${c}`, campaigns: n, concurrency: c, run: record(n, c) },
  ]);
  const m = await measureSeries('record() RPC', series);
  const rows = shapes.map(([n, c]) => ({ campaigns: n, concurrency: c, subject: m[`record ${n}x${c}`], floor: m[`noop ${n}x${c}`] }));
  for (const r of rows) r.ratio = ratio(r.subject, r.floor);
  const one = `${1}x${EVENT_CONCURRENCY}`;
  const many = `${EVENT_CAMPAIGNS}x${EVENT_CONCURRENCY}`;
  return { rows, scaling: { subject: ratio(m[`record ${many}`], m[`record ${one}`]), floor: ratio(m[`noop ${many}`], m[`noop ${one}`]) } };
}

/** (a) end to end: POST /v1/referrals from Node, and the no-op request at the same concurrency. */
async function measureEventsHttp(base, adminKey, campaigns, expected) {
  const noopUrl = new URL('/__bench/noop', base);
  const url = new URL('/v1/referrals', base);
  let order = 0;
  const sale = (n) => (lane) => {
    const c = campaigns[lane % n];
    add(expected, c.campaignId, 1);
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
      body: JSON.stringify({ code: c.code, type: 'sale', ...SALE, order_id: `bench-order-${++order}` }),
    });
  };
  const post = (n, c) => (d = HTTP_ROUND_MS) => httpRound(sale(n), 201, c, d);
  const noop = (c) => (d = HTTP_ROUND_MS) => httpRound(() => fetch(noopUrl), 204, c, d);
  const C = EVENT_CONCURRENCY;
  const N = EVENT_CAMPAIGNS;
  const m = await measureSeries('POST /v1/referrals', [
    { key: 'noop x1', campaigns: null, concurrency: 1, run: noop(1) },
    { key: 'post 1x1', campaigns: 1, concurrency: 1, run: post(1, 1) },
    { key: `noop x${C}`, campaigns: null, concurrency: C, run: noop(C) },
    { key: `post 1x${C}`, campaigns: 1, concurrency: C, run: post(1, C) },
    { key: `post ${N}x${C}`, campaigns: N, concurrency: C, run: post(N, C) },
  ]);
  const rows = [
    { campaigns: 1, concurrency: 1, subject: m['post 1x1'], floor: m['noop x1'] },
    { campaigns: 1, concurrency: C, subject: m[`post 1x${C}`], floor: m[`noop x${C}`] },
    { campaigns: N, concurrency: C, subject: m[`post ${N}x${C}`], floor: m[`noop x${C}`] },
  ];
  for (const r of rows) r.ratio = ratio(r.subject, r.floor);
  return { rows, scaling: { subject: ratio(m[`post ${N}x${C}`], m[`post 1x${C}`]) } };
}

/** Every event the bench sent must be in D1 once, with its one reward. */
async function checkProjection(base, expected) {
  const campaignIds = [...expected.keys()];
  const counts = await request(base, '/__bench/count', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ campaignIds }) });
  const campaigns = campaignIds.map((id) => ({ campaignId: id, events: expected.get(id), referrals: counts.referrals[id], rewards: counts.rewards[id] }));
  const total = (k) => campaigns.reduce((n, c) => n + c[k], 0);
  return {
    ok: campaigns.every((c) => c.referrals === c.events && c.rewards === c.events),
    events: total('events'),
    referrals: total('referrals'),
    rewards: total('rewards'),
    campaigns,
  };
}

const times = (r) => `${r.toFixed(2)}×`;
const scalingText = (r) => `**${times(r.ofMedians)}** (ratio of the medians; same-round pairs: median ${times(r.pairedMedian)}, range ${times(r.pairedMin)}–${times(r.pairedMax)})`;

const cores = (v) => (v === null || v === undefined ? 'n/a' : v.toFixed(2));

function eventTable(rows, subjectName, floorName, pct, withClient) {
  const head = [
    'campaigns',
    'in flight',
    `${subjectName} events/s (median)`,
    'min–max',
    'mean ms',
    'p50 ms',
    'p99 ms',
    `${floorName} ops/s (median)`,
    `${floorName} mean ms`,
    `events/s ÷ ${floorName}`,
    `time per event × ${floorName}`,
    'workerd CPU, cores: all threads / busiest thread',
    ...(withClient ? ['client (Node) CPU, cores'] : []),
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '--:').join('|')}|`];
  for (const r of rows) {
    const mean = (side) => (r.concurrency * 1000) / r[side].opsPerSec;
    const cpu = r.subject.cpu;
    const cells = [
      r.campaigns,
      r.concurrency,
      int(r.subject.opsPerSec),
      `${int(r.subject.minOpsPerSec)}–${int(r.subject.maxOpsPerSec)}`,
      ms(mean('subject')),
      pct(r.subject.p50Ms),
      pct(r.subject.p99Ms),
      int(r.floor.opsPerSec),
      ms(mean('floor')),
      r.ratio.ofMedians.toFixed(3),
      `${(1 / r.ratio.ofMedians).toFixed(1)}×`,
      `${cores(cpu.workerd)} / ${cores(cpu.workerdBusiestThread)}`,
      ...(withClient ? [cores(cpu.node)] : []),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function eventsReport(env, rpc, http, check, startedAt, totalMs, storage, load) {
  const N = EVENT_CAMPAIGNS;
  const C = EVENT_CONCURRENCY;
  const checkLine = check.ok
    ? `D1 check: all ${int(check.events)} events the bench sent (warm-ups included) are in D1, each once (${int(check.referrals)} \`referrals\` rows) with its one reward (${int(check.rewards)} \`rewards\` rows).`
    : `**D1 check FAILED**: ${int(check.events)} events sent, ${int(check.referrals)} \`referrals\` rows, ${int(check.rewards)} \`rewards\` rows (per campaign in latest-events.json).`;
  return `# Referral events through campaign Durable Objects: one campaign vs ${N}

| machine | |
|---|---|
| run | ${startedAt.toISOString()}, whole \`npm run bench\` ${(totalMs / 1000).toFixed(1)} s |
| CPU | ${env.cpu}, ${env.cores} cores, ${env.memoryGiB} GiB |
| Node | ${env.node} (wrangler ${env.wrangler}, miniflare ${env.miniflare}, workerd ${env.workerd}) |
| storage (D1 + Durable Objects) | fresh temp dir on ${storage} |
| load average (1/5/15 min) | ${load.start.join(' / ')} at the start of the run, ${load.events.join(' / ')} when this part began, ${load.end.join(' / ')} at the end |

Each event is one sale (\`amount\` ${SALE.amount} ${SALE.currency}, a new \`order_id\` each) with the code of the campaign's referrer, in a live campaign whose one rule pays the referrer ${EVENT_RULE.recipients.referrer.amount} cents cash per sale: the object checks the order is new, evaluates the rule, writes its SQLite bookkeeping and outbox row, and projects the referral and its reward to D1 before answering. Campaigns and referrers are made through the API first. With ${N} campaigns, call (or request) slot *i* always goes to campaign *i* mod ${N}, so ${C} in flight is ${C / N} per campaign.

Each series: a ${WARMUP_MS} ms warm-up, then ${ROUNDS} rounds in which every series of the section runs once (order rotated each round); events/s and percentiles are medians over the rounds. Mean ms = in flight ÷ events/s. Compare the ratio columns across runs and machines, not the absolute figures.

## record(): events evaluated through campaign objects over RPC, inside the runtime

A Worker in the same workerd calls \`CampaignObject.record(eventInput)\` with the EventInput \`POST /v1/referrals\` would build (campaign window and rules read once from D1), ${DO_ROUND_MS} ms a round; no HTTP, auth or D1 lookups in the Worker are counted, but the object's projection to D1 is. Floor: the no-op RPC (\`CampaignFloorObject.noop()\`), same loop, same number of objects, same in flight.

${eventTable(rpc.rows, 'record()', 'no-op RPC', wholeMs, false)}

**${N} campaigns ÷ 1 campaign, ${C} in flight:** record() ${scalingText(rpc.scaling.subject)}; the no-op RPC floor over the same objects: ${times(rpc.scaling.floor.ofMedians)}.

## End to end: POST /v1/referrals

Sent from Node over loopback to workerd, ${HTTP_ROUND_MS} ms a round. Each request: API-key auth, body validation, the referrer looked up by code and the campaign read from D1, then record() in the campaign's object (as above), the referral returned with its reward. Floor: \`GET /__bench/noop\` (the Worker answers 204 at once), same client, same concurrency.

${eventTable(http.rows, 'POST /v1/referrals', 'no-op request', ms, true)}

**${N} campaigns ÷ 1 campaign, ${C} in flight:** POST /v1/referrals ${scalingText(http.scaling.subject)}.

${checkLine}

## Reading these figures

- Locally every campaign object, the Worker and D1 run in ONE workerd process, whose JavaScript runs on one thread, and D1 is one local SQLite database on which every event's projection writes. Spreading events over ${N} campaign objects can then only overlap their waits (storage commits, the D1 round trip), not add CPU: when the busiest workerd thread is near a full core (or near what a shared machine leaves it) for both 1 and ${N} campaigns, the local ceiling is that thread, and the ${N}-campaign ratio here cannot show the scaling one gets on Cloudflare, where each campaign object runs on its own and only D1 is shared.
- What one campaign serializes shows in the 1-campaign rows: going from 1 to ${C} in flight gains only what the object can overlap while it awaits D1 and its own storage.
- One shared ${env.cores}-core machine: client, Worker, objects and the D1 simulator compete for the same cores, and other work may be running (see load average). The in-runtime p50/p99 come from the runtime's clock, which ticks in whole ms. CPU figures come from /proc (workerd and its threads) and process.cpuUsage() (the Node client), medians over the rounds.
`;
}

/** Mount point and filesystem type that hold `path`, from /proc/mounts (Linux). */
function filesystemOf(path) {
  if (!existsSync('/proc/mounts')) return path;
  let best = { mount: '', type: 'unknown', device: '' };
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
    const [device, mount, type] = line.split(' ');
    if (!mount || !type) continue;
    const within = path === mount || path.startsWith(mount.endsWith('/') ? mount : `${mount}/`);
    if (within && mount.length >= best.mount.length) best = { mount, type, device };
  }
  const where = `${dirname(path)} (${best.type} at ${best.mount})`;
  return best.type === 'tmpfs' ? `${where}, in memory` : `${where}, on disk: storage commits pay its write latency (TMPDIR=/dev/shm keeps them in memory)`;
}

async function main() {
  const startedAt = new Date();
  const t0 = performance.now();
  const env = machine();
  const tmp = realpathSync(mkdtempSync(join(os.tmpdir(), 'referrio-bench-')));
  const storage = filesystemOf(tmp);
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
    const scriptPath = build(config, join(tmp, 'build'), { name: 'referrio-bench', entry: benchEntry, output: 'worker.js' });
    // wrangler hands out Miniflare v4-shaped options; Miniflare 5 converts them (and keeps
    // the dev registry off, so this instance is invisible to any `wrangler dev` running here).
    mf = new Miniflare(
      convertV4MiniflareOptions({
        ...workerOptions(),
        name: 'referrio-bench',
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
    workerdPid = findWorkerd();
    log(`workerd ready at ${base.origin}${workerdPid ? ` (pid ${workerdPid})` : ''}`);

    const { adminKey, environmentId } = await request(base, '/__bench/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ statements: migrationStatements(config) }),
    });
    const loadNow = () => os.loadavg().map((v) => Number(v.toFixed(2)));
    const stamp = startedAt.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
    const settings = {
      rounds: ROUNDS,
      warmupMs: WARMUP_MS,
      doRoundMs: DO_ROUND_MS,
      httpRoundMs: HTTP_ROUND_MS,
      eventCampaigns: EVENT_CAMPAIGNS,
      eventConcurrency: EVENT_CONCURRENCY,
    };
    const outputs = [];
    const markdowns = [];

    let mint = null;
    if (PARTS.has('mint')) {
      const doRows = [];
      for (const c of DO_CONCURRENCY) {
        doRows.push(
          await measure(
            'mint',
            c,
            (d = DO_ROUND_MS) => doRound(base, 'noop', c, d),
            (d = DO_ROUND_MS) => doRound(base, 'mint', c, d),
          ),
        );
      }

      const noopUrl = new URL('/__bench/noop', base);
      const usersUrl = new URL('/v1/users', base);
      let n = 0;
      const createUser = () =>
        fetch(usersUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
          body: JSON.stringify({ external_id: `bench-user-${++n}`, name: 'Jane Bench', email: `jane${n}@example.com` }),
        });
      const httpRows = [];
      for (const c of HTTP_CONCURRENCY) {
        httpRows.push(
          await measure(
            'POST /v1/users',
            c,
            (d = HTTP_ROUND_MS) => httpRound(() => fetch(noopUrl), 204, c, d),
            (d = HTTP_ROUND_MS) => httpRound(createUser, 201, c, d),
          ),
        );
      }
      mint = { doRows, httpRows };
    }

    let events = null;
    if (PARTS.has('events')) {
      const loadAtEventsStart = loadNow();
      // Separate campaigns for the two levels, so each object's history is its level's alone.
      const rpcCampaigns = await eventCampaigns(base, adminKey, 'rpc', EVENT_CAMPAIGNS);
      const httpCampaigns = await eventCampaigns(base, adminKey, 'http', EVENT_CAMPAIGNS);
      const expected = new Map();
      const rpc = await measureEventsRpc(base, environmentId, rpcCampaigns, expected);
      const http = await measureEventsHttp(base, adminKey, httpCampaigns, expected);
      const check = await checkProjection(base, expected);
      events = { loadAtEventsStart, rpc, http, check, campaigns: { rpc: rpcCampaigns, http: httpCampaigns } };
    }

    const totalMs = performance.now() - t0;
    const loadAtEnd = loadNow();
    const machineData = { ...env, loadAverageAtEnd: loadAtEnd, storage };
    mkdirSync(resultsDir, { recursive: true });
    if (mint) {
      const markdown = report(env, mint.doRows, mint.httpRows, startedAt, totalMs, storage, loadAtEnd);
      markdowns.push(markdown);
      const file = join(resultsDir, `mint-${stamp}.md`);
      writeFileSync(file, markdown);
      writeFileSync(join(resultsDir, 'latest-mint.md'), markdown);
      const data = { startedAt: startedAt.toISOString(), totalMs, machine: machineData, settings, durableObject: mint.doRows, endToEnd: mint.httpRows };
      writeFileSync(join(resultsDir, 'latest-mint.json'), `${JSON.stringify(data, null, 2)}\n`);
      outputs.push(file, join(resultsDir, 'latest-mint.md'), join(resultsDir, 'latest-mint.json'));
    }
    if (events) {
      const load = { start: env.loadAverageAtStart, events: events.loadAtEventsStart, end: loadAtEnd };
      const markdown = eventsReport(env, events.rpc, events.http, events.check, startedAt, totalMs, storage, load);
      markdowns.push(markdown);
      const file = join(resultsDir, `events-${stamp}.md`);
      writeFileSync(file, markdown);
      writeFileSync(join(resultsDir, 'latest-events.md'), markdown);
      const data = {
        startedAt: startedAt.toISOString(),
        totalMs,
        machine: { ...machineData, loadAverageAtEventsStart: events.loadAtEventsStart },
        settings,
        rule: EVENT_RULE,
        sale: SALE,
        campaigns: events.campaigns,
        rpc: events.rpc,
        endToEnd: events.http,
        d1Check: events.check,
      };
      writeFileSync(join(resultsDir, 'latest-events.json'), `${JSON.stringify(data, null, 2)}\n`);
      outputs.push(file, join(resultsDir, 'latest-events.md'), join(resultsDir, 'latest-events.json'));
    }
    console.log(markdowns.join('\n'));
    log(`wrote ${outputs.map((f) => relative(root, f)).join(', ')}`);
    if (events && !events.check.ok) throw new Error('D1 check failed: not every event the bench sent is in D1 once with its reward (see latest-events.json)');
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
