// Bench-only Worker entry for `npm run bench:redirect` (bench/redirect.mjs); never deployed.
//
// It serves the production worker unchanged and adds routes the production worker does not have:
//   GET  /__noop              the floor: answers the same 302 (same headers) as a share link,
//                             with no routing, lookup or click recording
//   GET  /__noop-read         the same after reading the request's method and user agent
//   POST /__bench/setup       applies the D1 migrations it is sent, creates a workspace with the
//                             app's own createWorkspace(), and inserts `users` referrers with codes
//                             BENCH-1…BENCH-n in its test environment's default campaign
//   POST /__bench/forget      empties this isolate's share-link caches (KV keeps its records)
//   POST /__bench/micro       times the redirect's pieces inside the isolate (loops of
//                             performance.now(), which advances locally): the Worker's own work
//   POST /__bench/count       sends the isolate's open click batches, flushes every click shard
//                             of the campaign and reads the D1 totals of the given users
// Plain JS (not .ts) because tsconfig.node.json type-checks bench/ with Node's types only.
import { createApp } from '../worker/app';
import { getDb } from '../worker/db/client';
import { isBot, isPrefetch } from '../worker/domain/detect-bot';
import { visitorId } from '../worker/domain/visitor';
import production, { CampaignObject, ClickAggregator } from '../worker/index';
import { sendOpenClickBatches } from '../worker/services/share-links/click-batch';
import { CLICK_SHARDS, countVisit } from '../worker/services/share-links/clicks';
import { forgetCachedLinks, resolveLink } from '../worker/services/share-links/links';
import { followShareLink } from '../worker/routes/share-links/follow';
import { createWorkspace } from '../worker/services/access/workspaces';

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
const noop = () =>
  new Response(null, { status: 302, headers: { location: NOOP_LOCATION, 'cache-control': 'no-store', 'referrer-policy': 'strict-origin' } });

/**
 * Microseconds per call of each piece of a warm redirect, inside the isolate: median of
 * `rounds` loops of `n` calls. `clicks` is counted for real (one visitor, so one batch entry).
 */
async function micro(env, ctx, { code, userAgent, botUserAgent, n = 20_000, rounds = 5 }) {
  const headers = { 'user-agent': userAgent, accept: 'text/html', 'cf-connecting-ip': '203.0.113.7' };
  const browser = new Request(`https://bench.invalid/r/${code}`, { headers });
  const bot = new Request(`https://bench.invalid/r/${code}`, { headers: { ...headers, 'user-agent': botUserAgent } });
  const defer = (p) => ctx.waitUntil(p);
  const link = await resolveLink(env, code, defer);
  let i = 0;
  const pieces = {
    'floor: new Response(302)': () => noop(),
    'resolveLink (isolate cache hit)': () => resolveLink(env, code, defer),
    'isBot(user-agent header)': () => isBot(browser.headers.get('user-agent')),
    'isPrefetch (3 headers)': () => isPrefetch(browser.headers),
    'countVisit (batch update)': () => countVisit(env, defer, link, { ip: '203.0.113.7', userAgent }, Date.now()),
    'visitorId (at delivery, per distinct visitor)': () => visitorId(link.userId, `10.0.${i++ & 255}.1`, userAgent),
    'followShareLink, bot (not counted)': () => followShareLink(bot, env, ctx, code),
    'followShareLink, browser (counted)': () => followShareLink(browser, env, ctx, code),
    'the same bot redirect routed through Hono (app.fetch)': () => honoApp.fetch(bot, env, ctx),
  };
  const result = {};
  for (const [name, fn] of Object.entries(pieces)) {
    const times = [];
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      for (let k = 0; k < n; k++) fn();
      times.push(((performance.now() - t) * 1000) / n);
    }
    times.sort((a, b) => a - b);
    result[name] = times[rounds >> 1];
  }
  // One delivery: the RPC and the aggregator's storage commit, for a batch of 1 and of 500
  // visitors; timed over many sequential deliveries (the local clock is coarse).
  const stub = env.CLICKS.getByName(`${link.campaignId}:micro`);
  for (const [size, count] of [
    [1, 100],
    [500, 10],
  ]) {
    const batches = Array.from({ length: count }, (_, r) =>
      Array.from({ length: size }, (_, v) => ({ ...pickTarget(link), visitor: `micro-${size}-${r}-${v}`, at: Date.now(), clicks: 2 })),
    );
    const t = performance.now();
    for (const clicks of batches) await stub.recordBatch(crypto.randomUUID(), clicks);
    result[`delivery of a batch of ${size} visitor${size > 1 ? 's' : ''} (RPC + commit, per batch)`] = ((performance.now() - t) * 1000) / count;
  }
  return result;
}

// What the redirect would cost routed through Hono, as it was before worker/index.ts answered it first.
const honoApp = createApp();

const pickTarget = ({ environmentId, campaignId, userId }) => ({ environmentId, campaignId, userId });

export default {
  fetch(request, env, ctx) {
    // String checks, no URL object: the floor and the share links pay the same tiny toll here.
    const url = request.url;
    if (url.endsWith('/__noop')) return noop();
    // The floor plus reading what any redirect must read of the request (method, user agent).
    if (url.endsWith('/__noop-read')) {
      const read = `${request.method} ${request.headers.get('user-agent')}`;
      return read.length > 0 ? noop() : noop();
    }
    if (request.method === 'POST' && url.includes('/__bench/')) return bench(request, env, ctx);
    return production.fetch(request, env, ctx);
  },
};

async function bench(request, env, ctx) {
  const { pathname } = new URL(request.url);
  if (pathname === '/__bench/setup') return json(await setup(env, await request.json()));
  if (pathname === '/__bench/forget') {
    forgetCachedLinks();
    return json({ ok: true });
  }
  if (pathname === '/__bench/micro') return json(await micro(env, ctx, await request.json()));
  if (pathname === '/__bench/count') return json(await count(env, await request.json()));
  return json({ error: 'no such bench route' }, 404);
}
