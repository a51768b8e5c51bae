// Starts bench/redirect-worker.mjs in workerd through Miniflare's API, for bench/redirect.mjs
// and bench/profile-redirect.mjs: the production bundler, the production wrangler.toml's
// bindings (no static assets), storage in a fresh temp dir (a RAM disk when there is one),
// then D1 migrations and `users` seeded referrers (codes BENCH-1…BENCH-users).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
// miniflare is wrangler's own dependency (same copy wrangler runs); it is not in package.json.
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from 'wrangler';
import { build, log, migrationStatements, root } from './harness.mjs';

const productionConfigPath = join(root, 'wrangler.toml');
const benchEntry = join(root, 'bench', 'redirect-worker.mjs');
const WORKER_NAME = 'referrio-bench-redirect';

export async function post(base, path, body) {
  const res = await fetch(new URL(path, base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

/**
 * `port`: the Worker's port (0: any free one). `inspectorPort`: when set, the V8 inspector of
 * the Worker's isolate is served at ws://127.0.0.1:<inspectorPort>/<workerName>.
 */
export async function startRedirectWorker({ users, port = 0, inspectorPort }) {
  // Local Durable Object and D1 storage are files; on a RAM disk their fsyncs (a simulator's
  // cost, not the Worker's) stay out of the figures. BENCH_STATE_DIR picks another place.
  const stateRoot = process.env.BENCH_STATE_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir());
  const tmp = mkdtempSync(join(stateRoot, 'referrio-bench-redirect-'));
  let mf;
  const dispose = async () => {
    const instance = mf;
    mf = undefined;
    if (instance) await instance.dispose().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const config = unstable_readConfig({ config: productionConfigPath }, { hideWarnings: true });
    const scriptPath = build(config, join(tmp, 'build'), { name: WORKER_NAME, entry: benchEntry, output: 'redirect-worker.js' });
    // Static assets are left out: with them on, the asset router would answer /__noop. The
    // bundle is a single ES module, so wrangler's module rules are dropped too.
    const { modulesRules: _rules, assets: _assets, ...workerOptions } = unstable_getMiniflareWorkerOptions(productionConfigPath).workerOptions;
    mf = new Miniflare(
      convertV4MiniflareOptions({
        ...workerOptions,
        // One load generator is one address: keep the per-IP limiter on (its cost is measured)
        // but out of the way.
        bindings: { ...workerOptions.bindings, REDIRECT_RATE_LIMIT_PER_MINUTE: '1000000000' },
        name: WORKER_NAME,
        modules: true,
        scriptPath,
        modulesRoot: dirname(scriptPath),
        host: '127.0.0.1',
        port,
        resourcePersistencePath: join(tmp, 'state'),
        cf: false,
        ...(inspectorPort ? { inspectorPort, unsafeInspectorProxy: true } : {}),
      }),
    );
    const base = await mf.ready;
    log(`workerd ready at ${base.origin}; seeding ${users.toLocaleString('en-US')} referrers`);
    const { campaignId } = await post(base, '/__bench/setup', { statements: migrationStatements(config), users });
    return { base, campaignId, dispose, workerName: WORKER_NAME, cpuNs: workerdCpu() };
  } catch (err) {
    await dispose();
    throw err;
  }
}

/**
 * A function returning the CPU time (ns, all threads) that this process's workerd children
 * have used so far, from Linux's /proc/<pid>/task/<tid>/schedstat; null elsewhere. CPU per
 * request does not depend on how much of the machine other processes take, unlike req/s.
 */
function workerdCpu() {
  if (!existsSync('/proc/self/stat')) return () => null;
  const pids = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return name === 'workerd' && ppid === process.pid;
      } catch {
        return false;
      }
    });
  if (pids.length === 0) return () => null;
  return () => {
    let ns = 0;
    for (const pid of pids) {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        try {
          ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        } catch {
          // a thread that ended between the listing and the read
        }
      }
    }
    return ns;
  };
}
