// `npm run bench` (second part) / `npm run bench:webhooks`: webhook events delivered per second
// to a local receiver that answers 204 at once.
//
// How it works
// 1. Bundles bench/worker.mjs with the production bundler and runs it in workerd through
//    Miniflare's API with the production wrangler.toml's bindings, queue producer and consumer
//    included (batch size and timeout as configured there), storage in a fresh temp dir.
// 2. Starts a receiver in this Node process (127.0.0.1, random port) that answers 204 at once
//    and counts distinct webhook-ids; creates an endpoint for it through the API.
// 3. Subject: POST /__bench/webhook-events commits N events through the outbox helper
//    (eventInsert, 100 per D1 batch) and publishes them to the queue; the clock runs from that
//    request until the receiver has all N. Every delivery goes the production path: queue
//    consumer → fan-out (D1) → claim (D1) → sign → fetch → record (D1).
// 4. Floor, same run: POST /__bench/fetch-loop makes N plain POSTs of about the same size from
//    the Worker to the same receiver, as many in flight as the consumer's batch size (the
//    most attempts one consumer invocation makes at once). Nothing else.
// 5. A warm-up of each, then ROUNDS rounds alternating floor and subject; medians and the
//    ratio. At the end, every webhook-id must have arrived (duplicates are counted).
// Knobs (env): BENCH_ROUNDS (5), BENCH_WEBHOOK_EVENTS (1000). Writes bench/results/
// webhooks-<UTC timestamp>.md and latest-webhooks.md/.json.
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from 'wrangler';
import { build, log, machine, median, migrationStatements, positive, root } from './harness.mjs';

const productionConfigPath = join(root, 'wrangler.toml');
const resultsDir = join(root, 'bench', 'results');
const ROUNDS = positive('BENCH_ROUNDS', 5);
const EVENTS = positive('BENCH_WEBHOOK_EVENTS', 1000);
const WARMUP_EVENTS = 200;

function startReceiver() {
  const seen = new Map();
  let waiter = null;
  const server = createServer((req, res) => {
    const id = req.headers['webhook-id'];
    req.resume();
    req.on('end', () => {
      res.writeHead(204).end();
      if (typeof id === 'string' && id.startsWith('evt_')) {
        seen.set(id, (seen.get(id) ?? 0) + 1);
        if (waiter?.check()) waiter.resolve();
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}/hook`,
        seen,
        /** Resolves once every id of this run has arrived. */
        waitFor(prefix, n, timeoutMs = 300_000) {
          const count = () => [...seen.keys()].filter((k) => k.startsWith(prefix)).length;
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`only ${count()} of ${n} webhooks for ${prefix} arrived`)), timeoutMs);
            waiter = { check: () => count() >= n, resolve: () => {
                clearTimeout(timer);
                waiter = null;
                ok();
              },
            };
            if (waiter.check()) waiter.resolve();
          });
        },
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

async function request(base, path, init) {
  const res = await fetch(new URL(path, base), init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

const post = (base, path, body, headers = {}) => request(base, path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function main() {
  const startedAt = new Date();
  const env = machine();
  const tmp = realpathSync(mkdtempSync(join(os.tmpdir(), 'referrio-bench-webhooks-')));
  const receiver = await startReceiver();
  let mf;
  try {
    const config = unstable_readConfig({ config: productionConfigPath }, { hideWarnings: true });
    const consumer = config.queues.consumers?.[0];
    if (!consumer) throw new Error('wrangler.toml declares no queue consumer');
    const scriptPath = build(config, join(tmp, 'build'), { name: 'referrio-bench', entry: join(root, 'bench', 'worker.mjs'), output: 'worker.js' });
    const { modulesRules: _rules, assets: _assets, triggers: _triggers, ...options } = unstable_getMiniflareWorkerOptions(productionConfigPath).workerOptions;
    mf = new Miniflare(
      // The receiver is on loopback, which production refuses: the local setting, as npm start has.
      convertV4MiniflareOptions({ ...options, bindings: { ...options.bindings, APP_ENV: 'development' }, name: 'referrio-bench', modules: true, scriptPath, modulesRoot: dirname(scriptPath), host: '127.0.0.1', port: 0, resourcePersistencePath: join(tmp, 'state'), cf: false }),
    );
    const base = await mf.ready;
    const { adminKey, environmentId } = await post(base, '/__bench/setup', { statements: migrationStatements(config) });
    await post(base, '/v1/webhook-endpoints', { url: receiver.url, events: ['user.updated'], description: 'bench' }, { 'x-api-key': adminKey });

    const concurrency = consumer.max_batch_size ?? 10;
    let run = 0;
    const subject = async (n) => {
      const id = `r${++run}`;
      const t0 = performance.now();
      await post(base, '/__bench/webhook-events', { environmentId, count: n, run: id });
      await receiver.waitFor(`evt_bench_${id}_`, n);
      return (n / (performance.now() - t0)) * 1000;
    };
    const floor = async (n) => {
      const t0 = performance.now();
      await post(base, '/__bench/fetch-loop', { url: receiver.url, count: n, concurrency });
      return (n / (performance.now() - t0)) * 1000;
    };

    await floor(WARMUP_EVENTS);
    await subject(WARMUP_EVENTS);
    const floors = [];
    const subjects = [];
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2 === 0) {
        floors.push(await floor(EVENTS));
        subjects.push(await subject(EVENTS));
      } else {
        subjects.push(await subject(EVENTS));
        floors.push(await floor(EVENTS));
      }
      log(`round ${i + 1}: webhooks ${Math.round(subjects.at(-1))}/s, floor ${Math.round(floors.at(-1))}/s`);
    }
    const expected = WARMUP_EVENTS + ROUNDS * EVENTS;
    const ids = [...receiver.seen.keys()].filter((k) => k.startsWith('evt_bench_'));
    const duplicates = [...receiver.seen.values()].reduce((n, c) => n + c - 1, 0);
    if (ids.length !== expected) throw new Error(`expected ${expected} distinct webhooks, got ${ids.length}`);

    const result = {
      startedAt: startedAt.toISOString(),
      machine: env,
      settings: { rounds: ROUNDS, eventsPerRound: EVENTS, warmupEvents: WARMUP_EVENTS, floorConcurrency: concurrency, queue: { max_batch_size: consumer.max_batch_size, max_batch_timeout: consumer.max_batch_timeout } },
      webhooksPerSec: median(subjects),
      floorPerSec: median(floors),
      ratio: median(subjects) / median(floors),
      rounds: subjects.map((s, i) => ({ webhooksPerSec: s, floorPerSec: floors[i] })),
      delivered: ids.length,
      duplicates,
    };
    const fmt = (x) => Math.round(x).toLocaleString('en-US');
    const markdown = `# Webhook delivery (${startedAt.toISOString()})

${env.cpu} · ${env.cores} cores · ${env.memoryGiB} GiB · Node ${env.node} · workerd ${env.workerd} · load at start ${env.loadAverageAtStart.join(" ")} · medians of ${ROUNDS} rounds of ${EVENTS} events

| what | ops/s | floor (same run) | ratio to floor |
|---|--:|--:|--:|
| webhook events delivered (outbox → queue → fan-out → signed POST → recorded), 1 endpoint | ${fmt(result.webhooksPerSec)} | plain fetch() to the same receiver, ${concurrency} in flight: ${fmt(result.floorPerSec)}/s | ${result.ratio.toFixed(2)} |

${result.delivered} distinct webhook-ids arrived (every one sent), ${duplicates} duplicates.
`;
    const stamp = startedAt.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
    writeFileSync(join(resultsDir, `webhooks-${stamp}.md`), markdown);
    writeFileSync(join(resultsDir, 'latest-webhooks.md'), markdown);
    writeFileSync(join(resultsDir, 'latest-webhooks.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(markdown);
  } finally {
    if (mf) await mf.dispose().catch(() => {});
    await receiver.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
