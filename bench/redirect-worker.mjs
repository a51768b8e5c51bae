// Bench-only Worker entry for `npm run bench:redirect` (bench/redirect.mjs); never deployed.
//
// It serves the production worker unchanged and adds routes the production worker does not have:
//   GET  /__noop              the floor: answers the same 302 (same headers) as a share link,
//                             with no routing, lookup or click recording
//   POST /__bench/setup       applies the D1 migrations it is sent, creates a workspace with the
//                             app's own createWorkspace(), and inserts `users` referrers with codes
//                             BENCH-1…BENCH-n in its test environment's default campaign
//   POST /__bench/forget      empties this isolate's share-link caches (KV keeps its records)
//   POST /__bench/count       sends the isolate's open click batches, flushes every click shard
//                             of the campaign and reads the D1 totals of the given users
// Plain JS (not .ts) because tsconfig.node.json type-checks bench/ with Node's types only.
import { getDb } from '../worker/db/client';
import production, { CampaignObject, ClickAggregator } from '../worker/index';
import { sendOpenClickBatches } from '../worker/services/click-batch';
import { CLICK_SHARDS } from '../worker/services/clicks';
import { forgetCachedLinks } from '../worker/services/links';
import { createWorkspace } from '../worker/services/workspaces';

export { CampaignObject, ClickAggregator };

const json = (value, status = 200) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

async function setup(env, { statements, users }) {
  await env.DB.batch(statements.map((sql) => env.DB.prepare(sql)));
  const ws = await createWorkspace(getDb(env), { name: 'Bench', landingUrl: 'https://shop.example.com/' });
  const { environmentId, campaignId } = ws.test;
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO users (id, environment_id, campaign_id, referral_code, metadata, source)
     SELECT 'usr_bench' || i, ?, ?, 'BENCH-' || i, '{}', 'api' FROM n`,
  )
    .bind(users, environmentId, campaignId)
    .run();
  return { campaignId };
}

async function count(env, { campaignId, userIds }) {
  // Clicks still in the isolate's batches leave now, not after their window (the caller polls until the totals settle).
  sendOpenClickBatches();
  const flushed = await Promise.all(Array.from({ length: CLICK_SHARDS }, (_, i) => env.CLICKS.getByName(`${campaignId}:${i}`).flush()));
  const placeholders = userIds.map(() => '?').join(', ');
  const { results } = await env.DB.prepare(`SELECT id, visits, unique_visits FROM users WHERE id IN (${placeholders})`)
    .bind(...userIds)
    .all();
  return { flushedRows: flushed.reduce((a, b) => a + b, 0), users: results };
}

const NOOP_LOCATION = 'https://shop.example.com/?r=BENCH-1';

export default {
  fetch(request, env, ctx) {
    // String checks, no URL object: the floor and the share links pay the same tiny toll here.
    const url = request.url;
    if (url.endsWith('/__noop')) {
      return new Response(null, { status: 302, headers: { location: NOOP_LOCATION, 'cache-control': 'no-store', 'referrer-policy': 'strict-origin' } });
    }
    if (request.method === 'POST' && url.includes('/__bench/')) return bench(request, env);
    return production.fetch(request, env, ctx);
  },
};

async function bench(request, env) {
  const { pathname } = new URL(request.url);
  if (pathname === '/__bench/setup') return json(await setup(env, await request.json()));
  if (pathname === '/__bench/forget') {
    forgetCachedLinks();
    return json({ ok: true });
  }
  if (pathname === '/__bench/count') return json(await count(env, await request.json()));
  return json({ error: 'no such bench route' }, 404);
}
