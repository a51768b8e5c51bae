#!/usr/bin/env node
// The restore drill `npm test` runs (npm run db:drill): fill a local D1 through the API, back it
// up with `wrangler d1 export` (what `npm run db:backup` does), restore the dump into an empty
// database with `wrangler d1 execute --file` (npm run db:restore), and compare every table row
// by row.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restore } from './db-restore.mjs';
import { log, root, startLocalWorker, wrangler } from './lib/local-worker.mjs';

const dir = mkdtempSync(join(tmpdir(), 'referrio-drill-'));
const dump = join(dir, 'backup.sql');

/**
 * `wrangler d1 export --local` reads the state beside its config (.wrangler/state), with no
 * --persist-to: each database gets a folder with a config naming only the D1 binding.
 */
function database(name) {
  const folder = join(dir, name);
  mkdirSync(folder);
  const config = join(folder, 'wrangler.json');
  writeFileSync(config, JSON.stringify({ name: 'referrio', compatibility_date: '2026-11-01', d1_databases: [{ binding: 'DB', database_name: 'referrio', database_id: '00000000-0000-0000-0000-000000000000', migrations_dir: join(root, 'migrations') }] }));
  return { config, state: join(folder, '.wrangler', 'state') };
}
const source = database('source');
const restored = database('restored');

/** Every table's rows, through wrangler itself (the same path an operator would take). */
function tables({ config }) {
  const list = JSON.parse(
    wrangler(['d1', 'execute', 'DB', '--local', '--json', '--command', "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name"], { config }),
  )[0].results.map((r) => r.name);
  const command = list.map((t) => `SELECT * FROM "${t}" ORDER BY rowid`).join('; ');
  const results = JSON.parse(wrangler(['d1', 'execute', 'DB', '--local', '--json', '--command', command], { config }));
  return Object.fromEntries(list.map((t, i) => [t, results[i].results]));
}

async function fill() {
  const worker = await startLocalWorker({ bootstrap: true, stateDir: source.state, migrate: false });
  try {
    const key = worker.workspace.test.adminKey;
    const api = async (method, path, body) => {
      const res = await fetch(worker.origin + path, { method, headers: { 'x-api-key': key, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
      return res.status === 204 ? null : res.json();
    };
    await api('PATCH', `/v1/campaigns/${worker.workspace.test.campaignId}`, {
      status: 'live',
      rules: [{ id: 'signup', trigger: 'signup', recipients: { referrer: { type: 'cash', amount: 500, currency: 'USD' } } }],
    });
    for (let i = 0; i < 20; i++) {
      const user = await api('POST', '/v1/users', { external_id: `cust_${i}`, name: `Zoë ${i}`, email: `u${i}@example.com`, metadata: { note: "it's \"quoted\"; --" } });
      await api('POST', '/v1/referrals', { code: user.referral_code, type: 'signup', referee: { external_id: `friend_${i}` } });
    }
    await api('DELETE', '/v1/users/cust_0');
  } finally {
    await worker.stop();
  }
}

try {
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local'], source);
  await fill();
  const before = tables(source);
  wrangler(['d1', 'export', 'DB', '--local', '--output', dump], source);
  await restore(dump, restored);
  const after = tables(restored);
  const rows = Object.values(before).reduce((n, t) => n + t.length, 0);
  const differing = Object.keys({ ...before, ...after }).filter((t) => JSON.stringify(before[t]) !== JSON.stringify(after[t]));
  log(`backup drill: ${Object.keys(before).length} tables, ${rows} rows, dump ${(statSync(dump).size / 1024).toFixed(0)} KiB; restored copy differs in: ${differing.join(', ') || 'nothing'}`);
  if (differing.length || rows < 60) process.exit(1);
} finally {
  if (!process.env.KEEP_DRILL) rmSync(dir, { recursive: true, force: true });
}
