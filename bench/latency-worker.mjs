// Bench-only Worker entry for bench/latency.mjs; never deployed. It serves the production
// Worker with every binding wrapped by test/instrument/bindings.ts so that each call leaving
// the isolate (D1, Durable Object RPC, KV, queue) waits LATENCY_MS more after its real answer:
// a deployed round trip, simulated. The campaign object's own D1 and queue calls are delayed the
// same way (the CampaignObject exported here is the production class with a wrapped env).
//
//   GET  /__bench/floor     one D1 round trip (SELECT 1), then 204: the floor.
//   POST /__bench/setup     applies the migrations it is sent; creates a workspace with an admin.
//   POST /__bench/forget    empties this isolate's caches (share links, credentials): a fresh isolate.
//   POST /__bench/record    `concurrency` callers send sales to ONE campaign object for
//                           `durationMs`; reports events/s; every event must be decided once.
//                           `method: 'noop'` sends them to a method that does nothing, `'oneTrip'`
//                           to one that makes one trivial D1 round trip: the floors.
//   POST /__bench/count     D1 referrals and rewards of a campaign.
import { getDb } from '../worker/db/client';
import production, { CampaignObject as ProductionCampaignObject } from '../worker/index';
import { findCampaign } from '../worker/services/campaigns/campaigns';
import { createWorkspace } from '../worker/services/access/workspaces';
import { forgetCachedLinks } from '../worker/services/share-links/links';
import * as credentialCache from '../worker/lib/credential-cache';
import { wrapEnv } from '../test/instrument/bindings';
import { eventInput } from './event-input.mjs';

export { ClickAggregator, RateLimiter } from '../worker/index';

const delayOf = (env) => Number(env.LATENCY_MS ?? 50);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls leaving the isolate since the last reset, by binding and operation (the consumer's too). */
const trips = new Map();
const count = (trip) => trips.set(`${trip.binding}.${trip.op}`, (trips.get(`${trip.binding}.${trip.op}`) ?? 0) + 1);
/** The object's calls' own time (from the call to the real answer, before the delay), by binding and operation. */
const callMs = new Map();
const timeCall = (trip, ms) => {
  const key = `${trip.binding}.${trip.op}`;
  const t = callMs.get(key) ?? { n: 0, ms: 0 };
  callMs.set(key, { n: t.n + 1, ms: t.ms + ms });
};

/** Every call answers `ms` later than it really did. */
const delayed = (env) => {
  const ms = delayOf(env);
  return wrapEnv(env, async (trip, run) => {
    count(trip);
    const t0 = performance.now();
    try {
      return await run();
    } finally {
      timeCall(trip, performance.now() - t0);
      await sleep(ms);
    }
  });
};

export class CampaignObject extends ProductionCampaignObject {
  constructor(ctx, env) {
    super(ctx, delayed(env));
  }

  /** The object's floor: the same call carrying the same input, answered without any work. */
  noop(input) {
    return { duplicate: false, referral: { reasons: [] }, rewards: [input.dedupeKey] };
  }

  /** The floor of any design that answers once D1 has the event: the same call, one trivial D1 trip. */
  async oneTrip(input) {
    await this.env.DB.prepare('SELECT 1').first();
    return this.noop(input);
  }
}

const json = (value, status = 200) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

let wrapped;
let wrappedFor;

export default {
  async fetch(request, env, ctx) {
    if (wrappedFor !== env) {
      wrapped = delayed(env);
      wrappedFor = env;
    }
    const { pathname } = new URL(request.url);
    if (pathname === '/__bench/floor') {
      await wrapped.DB.prepare('SELECT 1').first();
      return new Response(null, { status: 204 });
    }
    if (pathname === '/__bench/forget' && request.method === 'POST') {
      forgetCachedLinks();
      credentialCache.forgetAll?.();
      return new Response(null, { status: 204 });
    }
    if (pathname === '/__bench/setup' && request.method === 'POST') {
      const { statements, admin } = await request.json();
      await env.DB.batch(statements.map((sql) => env.DB.prepare(sql)));
      const ws = await createWorkspace(getDb(env), { name: 'Latency', landingUrl: 'https://shop.example.com/', admin });
      return json({ adminKey: ws.test.adminKey, environmentId: ws.test.environmentId });
    }
    if (pathname === '/__bench/record' && request.method === 'POST') return json(await recordLoop(env, await request.json()));
    if (pathname === '/__bench/count' && request.method === 'POST') {
      const { campaignId } = await request.json();
      const n = async (table) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE campaign_id = ?`).bind(campaignId).first()).n;
      return json({ referrals: await n('referrals'), rewards: await n('rewards') });
    }
    return production.fetch(request, wrapped, ctx);
  },
  // The queue consumer's calls are counted, not delayed (deployed, it runs apart from the object).
  queue: (batch, env, ctx) => production.queue(batch, wrapEnv(env, (trip, run) => {
      count(trip);
      return run();
    }), ctx),
  scheduled: production.scheduled,
};

let orderSeq = 0;


/** `concurrency` callers, each sending one sale after another to the same campaign object. */
async function recordLoop(env, { environmentId, campaignId, referrerId, concurrency, durationMs, method = 'record' }) {
  const campaign = await findCampaign(getDb(env), environmentId, campaignId);
  const stub = env.CAMPAIGN.getByName(campaign.id);
  const run = crypto.randomUUID().slice(0, 8);
  const latencies = [];
  const problems = [];
  let events = 0;
  trips.clear();
  callMs.clear();
  const start = performance.now();
  const deadline = start + durationMs;
  async function lane() {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const result = await stub[method](eventInput(environmentId, campaign, referrerId, `lat-${run}-${++orderSeq}`));
      latencies.push(performance.now() - t0);
      events++;
      if ((result.duplicate || result.rewards.length !== 1) && problems.length < 5) problems.push(JSON.stringify(result.referral.reasons));
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  const elapsedMs = performance.now() - start;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  const tripsPerEvent = Object.fromEntries([...trips].sort().map(([k, n]) => [k, n / events]));
  const callMeanMs = Object.fromEntries([...callMs].sort().map(([k, t]) => [k, t.ms / t.n]));
  return { callMeanMs, events, elapsedMs, eventsPerSec: (events / elapsedMs) * 1000, p50Ms: at(50), p90Ms: at(90), p99Ms: at(99), meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length, problems, tripsPerEvent };
}
