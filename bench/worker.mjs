// Bench-only Worker entry; never deployed. bench/run.mjs bundles it and runs it in workerd
// with the production wrangler.toml's bindings plus CAMPAIGN_FLOOR (→ CampaignFloorObject).
//
// It serves the production worker unchanged and adds routes under /__bench/ that the
// production worker does not have:
//   POST /__bench/setup  applies the D1 migrations it is sent, then creates a workspace with
//                        the app's own createWorkspace() and returns its test admin key and
//                        environment id.
//   POST /__bench/loop   calls Durable Objects over RPC in a loop, inside the runtime, with
//                        `concurrency` calls in flight for `durationMs`, and reports ops and
//                        per-call latencies. Call i in flight ("lane" i) always goes to object
//                        objects[i % objects.length], so 16 in flight over 8 objects is 2 each.
//                          op "mint":   CampaignObject.mint('BENCH', 6) on CAMPAIGN
//                          op "record": CampaignObject.record(EventInput) on CAMPAIGN, one sale
//                                       with a new order_id per call (see bench/event-input.mjs)
//                          op "noop":   CampaignFloorObject.noop() on CAMPAIGN_FLOOR (the floor)
//   POST /__bench/count  D1 row counts of referrals and rewards per campaign (the bench checks
//                        that every event it sent was projected to D1 exactly once).
//   GET  /__bench/noop   answers 204 at once: the floor for requests sent from Node.
//   POST /__bench/webhook-events  inserts `count` events (eventInsert, the outbox helper) in
//                        D1 batches and publishes them to the webhook queue, as a state
//                        change does; delivery then runs in the production queue consumer.
//   POST /__bench/fetch-loop      the webhook floor: `count` signed-size POSTs to `url` with
//                        plain fetch(), `concurrency` in flight (no D1, no queue, no signing).
// Plain JS (not .ts) because tsconfig.node.json type-checks bench/ with Node's types only.
import { getDb } from '../worker/db/client';
import production, { CampaignObject } from '../worker/index';
import { findCampaign } from '../worker/services/campaigns/campaigns';
import { eventInsert, publishEvents } from '../worker/outbox/events';
import { createWorkspace } from '../worker/services/access/workspaces';
import { eventInput } from './event-input.mjs';

// Every class the production entry exports (CampaignObject, ClickAggregator, …): the
// production wrangler.toml binds them, so the bundle must export them all.
export * from '../worker/index';

/** The same kind of object as CampaignObject (same constructor, same storage), plus a no-op RPC. */
export class CampaignFloorObject extends CampaignObject {
  noop() {}
}

const json = (value, status = 200) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}


let orderSeq = 0;

/** One caller per object: a function that makes one RPC call and checks what it returns. */
async function callers(env, { op, object, objects = [object], environmentId, referrerIds, prefix = 'BENCH', suffixLength = 6 }) {
  if (op === 'noop') return objects.map((name) => {
    const stub = env.CAMPAIGN_FLOOR.getByName(name);
    return () => stub.noop();
  });
  if (op === 'mint') {
    const codes = new Set();
    return objects.map((name) => {
      const stub = env.CAMPAIGN.getByName(name);
      return async () => {
        const code = await stub.mint(prefix, suffixLength);
        // Every mint must hand out a new code; a repeat would be a correctness bug.
        if (codes.has(code)) return `duplicate code ${code}`;
        codes.add(code);
      };
    });
  }
  if (op === 'record') {
    const db = getDb(env);
    const run = crypto.randomUUID().slice(0, 8);
    return Promise.all(
      objects.map(async (campaignId, i) => {
        const campaign = await findCampaign(db, environmentId, campaignId);
        if (!campaign) throw new Error(`no campaign ${campaignId} in environment ${environmentId}`);
        const stub = env.CAMPAIGN.getByName(campaign.id);
        return async () => {
          const result = await stub.record(eventInput(environmentId, campaign, referrerIds[i], `rpc-${run}-${++orderSeq}`));
          // Each order is new and the campaign's one rule pays cash for every sale.
          if (result.duplicate || result.referral.status !== 'qualified' || result.rewards.length !== 1) {
            return `unexpected result: ${JSON.stringify({ duplicate: result.duplicate, status: result.referral.status, reasons: result.referral.reasons, rewards: result.rewards.length })}`;
          }
        };
      }),
    );
  }
  throw new Error(`unknown op ${op}`);
}

async function loop(env, params) {
  const { op, concurrency, durationMs } = params;
  const calls = await callers(env, params);
  const latencies = [];
  const perObject = calls.map(() => 0);
  const problems = [];
  let returned = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  async function lane(i) {
    const call = calls[i % calls.length];
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const problem = await call();
      latencies.push(performance.now() - t0);
      returned++;
      perObject[i % calls.length]++;
      if (problem && problems.length < 5) problems.push(problem);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, (_, i) => lane(i)));
  const elapsedMs = performance.now() - start;
  latencies.sort((a, b) => a - b);
  return { op, concurrency, ops: returned, perObject, elapsedMs, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), problems };
}

async function count(env, { campaignIds }) {
  const rows = async (table) => {
    const { results } = await env.DB.prepare(`SELECT campaign_id AS id, count(*) AS n FROM ${table} GROUP BY campaign_id`).all();
    return Object.fromEntries(campaignIds.map((id) => [id, results.find((r) => r.id === id)?.n ?? 0]));
  };
  return { referrals: await rows('referrals'), rewards: await rows('rewards') };
}

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === '/__bench/noop') return new Response(null, { status: 204 });
    if (pathname === '/__bench/loop' && request.method === 'POST') return json(await loop(env, await request.json()));
    if (pathname === '/__bench/count' && request.method === 'POST') return json(await count(env, await request.json()));
    if (pathname === '/__bench/webhook-events' && request.method === 'POST') return json(await webhookEvents(env, await request.json()));
    if (pathname === '/__bench/fetch-loop' && request.method === 'POST') return json(await fetchLoop(await request.json()));
    if (pathname === '/__bench/setup' && request.method === 'POST') {
      const { statements } = await request.json();
      await env.DB.batch(statements.map((sql) => env.DB.prepare(sql)));
      const workspace = await createWorkspace(getDb(env), { name: 'Bench', landingUrl: 'https://shop.example.com/' });
      return json({ adminKey: workspace.test.adminKey, environmentId: workspace.test.environmentId, campaignId: workspace.test.campaignId });
    }
    return production.fetch(request, env, ctx);
  },
  queue: production.queue,
  scheduled: production.scheduled,
};

/** `count` user.updated events committed through the outbox helper, then published. */
async function webhookEvents(env, { environmentId, count, run }) {
  const db = getDb(env);
  const ids = Array.from({ length: count }, (_, i) => `evt_bench_${run}_${i}`);
  for (let i = 0; i < ids.length; i += 100) {
    await db.batch(ids.slice(i, i + 100).map((id) => eventInsert(db, { id, environmentId, type: 'user.updated', data: { id: `usr_${id}`, object: 'user', name: 'Bench' } })));
  }
  await publishEvents(env, ids);
  return { published: ids.length };
}

/** The floor: the same number of POSTs of about the same size, straight from the Worker. */
async function fetchLoop({ url, count, concurrency }) {
  const body = JSON.stringify({ id: 'evt_floor', object: 'event', type: 'user.updated', data: { id: 'usr_floor', object: 'user', name: 'Bench' }, pad: 'x'.repeat(200) });
  let next = 0;
  const started = performance.now();
  async function lane() {
    while (next < count) {
      const i = next++;
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': `floor_${i}` }, body });
      await res.arrayBuffer();
      if (res.status !== 204) throw new Error(`floor receiver answered ${res.status}`);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { elapsedMs: performance.now() - started };
}
