import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../worker/db/client';
import { createWorkspace } from '../../worker/services/access/workspaces';
import { forgetCachedLinks } from '../../worker/services/share-links/links';
import { call, standardKey } from '../helpers';
import { describeTrips, type Measured, RoundTripCounter } from '../instrument/round-trips';

/**
 * Sequential round trips per request (issue #15): each is a trip across the network once
 * deployed (20–150 ms), so these counts, not local timings, decide the latency a developer sees.
 * The counter is deterministic (test/instrument/round-trips.ts), so the budgets are asserted
 * exactly: a change that adds a trip fails here, and one that saves a trip must lower the number.
 */

const PASSWORD = 'correct horse battery';
const counter = new RoundTripCounter();
let key: string;
let campaignId: string;
let session: { cookie: string; csrf: string };
let n = 0;

/** The count, with what each trip was in the failure message. */
const trips = (m: Measured) => ({ trips: m.trips, rounds: describeTrips(m) });
const expectTrips = (m: Measured, count: number) => expect(trips(m)).toEqual({ trips: count, rounds: describeTrips(m) });

beforeAll(async () => {
  const email = `latency-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const ws = await createWorkspace(getDb(env), { name: 'Latency', landingUrl: 'https://shop.example.com/', admin: { email, password: PASSWORD } });
  key = await standardKey(ws.test.adminKey);
  const rules = [
    { id: 'signup', trigger: 'signup', recipients: { referrer: { type: 'cash', amount: 500, currency: 'USD' } } },
    { id: 'sale', trigger: 'sale', recipients: { referrer: { type: 'cash', amount: 700, currency: 'USD' } } },
  ];
  const campaign = await call('POST', '/v1/campaigns', { key, body: { name: 'Latency', status: 'live', landing_url: 'https://shop.example.com/', rules } });
  campaignId = campaign.json.id;
  const login = await call('POST', '/v1/auth/login', { body: { email, password: PASSWORD } });
  session = { cookie: `referrio_session=${/referrio_session=([^;]*)/.exec(login.headers.get('set-cookie') ?? '')?.[1]}`, csrf: login.json.csrf_token };
  // Warm: the first request of an isolate may fill caches; budgets are for the steady state.
  await counter.call('GET', '/v1/users', { key });
});

async function referrer() {
  const res = await counter.call('POST', '/v1/users', { key, body: { external_id: `ref-${++n}`, name: 'Rae', campaign_id: campaignId } });
  expect(res.response.status).toBe(201);
  return (await res.response.json()) as { id: string; referral_code: string };
}

describe('round trips per request', () => {
  it('GET /v1/users/{id}', async () => {
    const user = await referrer();
    const m = await counter.call('GET', `/v1/users/${user.id}`, { key });
    expect(m.response.status).toBe(200);
    // Budget ≤ 2 with auth: the limiter (a cached key needs no lookup), then the user joined to its campaign.
    expectTrips(m, 2);
  });

  it('GET /v1/users', async () => {
    const m = await counter.call('GET', '/v1/users', { key });
    expect(m.response.status).toBe(200);
    // Budget ≤ 2: the limiter, then the page and its total side by side.
    expectTrips(m, 2);
  });

  it('GET /v1/rewards', async () => {
    const m = await counter.call('GET', '/v1/rewards', { key });
    expect(m.response.status).toBe(200);
    // Budget ≤ 2: the limiter, then one batch: passed holds released, the page, its total.
    expectTrips(m, 2);
  });

  it('GET /v1/users/{id}/balance', async () => {
    const user = await referrer();
    const m = await counter.call('GET', `/v1/users/${user.id}/balance`, { key });
    expect(m.response.status).toBe(200);
    // Budget ≤ 2: the limiter, then the user beside one batch (hold release, then the sums).
    expectTrips(m, 2);
  });

  it('GET /v1/users with the dashboard session', async () => {
    const m = await counter.call('GET', '/v1/users', { headers: { cookie: session.cookie } });
    expect(m.response.status).toBe(200);
    // A session costs what a key costs: its lookup (one joined query) runs beside the limiter.
    expectTrips(m, 2);
  });

  it('POST /v1/users, new and repeat', async () => {
    const body = { external_id: `new-${++n}`, name: 'Nia', campaign_id: campaignId };
    const created = await counter.call('POST', '/v1/users', { key, body });
    expect(created.response.status).toBe(201);
    // Budget ≤ 2 after auth's 1: the user ‖ its campaign, then the insert ‖ the drawn code's
    // reservation in the campaign object (D1's unique index on referral_code decides).
    expectTrips(created, 3);
    const repeat = await counter.call('POST', '/v1/users', { key, body });
    expect(repeat.response.status).toBe(200);
    // Budget ≤ 1 after auth's 1: the user, read with its campaign.
    expectTrips(repeat, 2);
  });

  it('POST /v1/users with an Idempotency-Key', async () => {
    const m = await counter.call('POST', '/v1/users', { key, body: { external_id: `idem-${++n}`, campaign_id: campaignId }, headers: { 'idempotency-key': `k-${n}` } });
    expect(m.response.status).toBe(201);
    // Budget: the key adds ≤ 1 to the same request without it (3): its claim is one batch, its
    // outcome is stored after the answer.
    expectTrips(m, 4);
  });

  it('POST /v1/referrals: a signup with a new referee', async () => {
    const { referral_code: code } = await referrer();
    const m = await counter.call('POST', '/v1/referrals', { key, body: { code, type: 'signup', referee: { external_id: `friend-${++n}` } } });
    expect(m.response.status).toBe(201);
    // Budget ≤ 3 after auth's 1 (and ≤ 1 inside the object): the reads in one batch, the referee's
    // insert ‖ its drawn code's reservation, then the object records the event (the user.created
    // event is published after the answer).
    expectTrips(m, 4);
  });

  it('POST /v1/referrals: a sale', async () => {
    const { referral_code: code } = await referrer();
    const m = await counter.call('POST', '/v1/referrals', { key, body: { code, type: 'sale', amount: 5000, currency: 'USD', order_id: `o-${++n}` } });
    expect(m.response.status).toBe(201);
    // Budget ≤ 2 after auth's 1: one batch (referrer, campaign, order claim), then the object.
    expectTrips(m, 3);
  });

  it('GET /r/{code} in a fresh isolate with a warm KV', async () => {
    const { referral_code: code } = await referrer();
    // The first follow misses KV and writes the records back (after the response).
    expect((await counter.call('GET', `/r/${code}`)).response.status).toBe(302);
    forgetCachedLinks();
    const fresh = await counter.call('GET', `/r/${code}`);
    expect(fresh.response.status).toBe(302);
    // Budget ≤ 1: the code's record carries its campaign's; the check of that copy runs after the response.
    expectTrips(fresh, 1);
    expect(fresh.rounds).toEqual([[`LINKS.get code3:${code}`]]);
  });
});
