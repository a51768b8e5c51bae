import { createMessageBatch } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, expect, it } from 'vitest';
import worker from '../../worker/index';
import { publishEvents } from '../../worker/outbox/events';
import { EVENT_IDS_PER_MESSAGE, eventMessages, type WebhookMessage } from '../../worker/outbox/messages';
import { MAX_ATTEMPTS_PER_RUN } from '../../worker/services/webhooks/consumer';
import { getDb } from '../../worker/db/client';
import { fanOut } from '../../worker/services/webhooks/fan-out';
import { workspace } from '../helpers';
import { wrapEnv } from '../instrument/bindings';
import { createEndpoint, received, until } from './helpers';

// Events travel to the consumer as `events` messages of up to 100 ids (a campaign object's burst is
// one queue operation), and one consumer run attempts at most MAX_ATTEMPTS_PER_RUN deliveries: the
// rest go back on the queue as delivery messages. Either way every event reaches every endpoint once.

let admin: string;
let n = 0;

beforeEach(async () => {
  admin = (await workspace(`Batching ${++n}`)).test.adminKey;
});

/** `count` committed, undispatched user.updated events in the endpoint's environment. */
async function seedEvents(endpointId: string, count: number, tag: string): Promise<string[]> {
  const row = await env.DB.prepare('SELECT environment_id FROM webhook_endpoints WHERE id = ?').bind(endpointId).first<{ environment_id: string }>();
  const ids = Array.from({ length: count }, (_, i) => `evt_${tag}_${String(i).padStart(4, '0')}`);
  const at = new Date(Date.now() + 1000).toISOString();
  await env.DB.prepare(
    `INSERT INTO events (id, environment_id, type, data, created_at)
     SELECT value, ?, 'user.updated', '{}', ? FROM json_each(?)`,
  )
    .bind(row?.environment_id, at, JSON.stringify(ids))
    .run();
  return ids;
}

/** The endpoint's deliveries in D1, counted by status and attempts. */
async function tally(endpointId: string) {
  const { results } = await env.DB.prepare('SELECT status, attempts, count(*) AS n FROM webhook_deliveries WHERE endpoint_id = ? GROUP BY status, attempts').bind(endpointId).all();
  return results;
}

const webhookIds = async (name: string) => (await received(name)).map((r) => r.headers['webhook-id']);

it('a burst of 250 events is 3 queue messages, and each event reaches the endpoint once, through the real queue', async () => {
  const endpoint = await createEndpoint(admin, `burst-${n}`, ['user.updated']);
  const ids = await seedEvents(endpoint.id, 250, `burst${n}`);

  const messages = eventMessages(ids);
  expect(messages.map((m) => (m.body as { ids: string[] }).ids.length)).toEqual([EVENT_IDS_PER_MESSAGE, EVENT_IDS_PER_MESSAGE, 50]);
  expect(messages.flatMap((m) => (m.body as { ids: string[] }).ids)).toEqual(ids);

  await publishEvents(env, ids);
  const got = await until('all 250 events', async () => {
    const all = await webhookIds(`burst-${n}`);
    return all.length >= ids.length ? all : undefined;
  });
  expect(got.sort()).toEqual(ids);
  expect(await tally(endpoint.id)).toEqual([{ status: 'succeeded', attempts: 1, n: 250 }]);
});

it(`one run attempts at most ${MAX_ATTEMPTS_PER_RUN} deliveries; the rest are queued and each is sent once with attempt 1`, async () => {
  const endpoint = await createEndpoint(admin, `overflow-${n}`, ['user.updated']);
  const ids = await seedEvents(endpoint.id, MAX_ATTEMPTS_PER_RUN + 120, `over${n}`);
  const batch = eventMessages(ids).map((m, i) => ({ id: `m-${n}-${i}`, timestamp: new Date(), attempts: 1, body: m.body }));

  await worker.queue(createMessageBatch<WebhookMessage>('referrio-webhooks', batch), env);

  // The run sent its share itself (the queued ones may already be arriving too).
  expect((await webhookIds(`overflow-${n}`)).length).toBeGreaterThanOrEqual(MAX_ATTEMPTS_PER_RUN);
  const got = await until('the queued deliveries', async () => {
    const all = await webhookIds(`overflow-${n}`);
    return all.length >= ids.length ? all : undefined;
  });
  await new Promise((r) => setTimeout(r, 500));
  expect((await webhookIds(`overflow-${n}`)).sort()).toEqual(ids);
  expect(got).toHaveLength(ids.length);
  expect(await tally(endpoint.id)).toEqual([{ status: 'succeeded', attempts: 1, n: ids.length }]);
});

it('the fan-out claims only the deliveries it is told to; the others are born due, unattempted', async () => {
  const endpoint = await createEndpoint(admin, `split-${n}`, ['user.updated']);
  const other = await createEndpoint(admin, `split-b-${n}`, ['user.updated']);
  const ids = await seedEvents(endpoint.id, 40, `split${n}`);
  const before = Date.now();
  const lease = before + 60_000;
  const { claimed, queued } = await fanOut(getDb(env), ids, lease, 30);
  // 40 events × 2 endpoints: 30 claimed for their first attempt, 50 left due now.
  expect(claimed).toHaveLength(30);
  expect(claimed.every((d) => d.attempts === 1 && d.nextAttemptAt === lease)).toBe(true);
  expect(queued).toHaveLength(50);
  expect(queued.every((q) => q.at >= before && q.at <= Date.now())).toBe(true);
  const rows = await env.DB.prepare('SELECT id, attempts, next_attempt_at AS at FROM webhook_deliveries WHERE endpoint_id IN (?, ?) AND attempts = 0').bind(endpoint.id, other.id).all();
  expect(rows.results.map((r) => ({ id: r.id, at: r.at })).sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual([...queued].sort((a, b) => a.id.localeCompare(b.id)));
  // A second fan-out of the same events makes nothing new.
  expect(await fanOut(getDb(env), ids, lease, 30)).toEqual({ claimed: [], queued: [] });
});

it('a message of the old single-event shape is still fanned out', async () => {
  const endpoint = await createEndpoint(admin, `legacy-${n}`, ['user.updated']);
  const [id] = await seedEvents(endpoint.id, 1, `legacy${n}`);
  const body: WebhookMessage = { kind: 'event', id: id as string };
  await worker.queue(createMessageBatch<WebhookMessage>('referrio-webhooks', [{ id: `l-${n}`, timestamp: new Date(), attempts: 1, body }]), env);
  expect(await webhookIds(`legacy-${n}`)).toEqual([id]);
});

it('events of environments without an enabled endpoint are marked dispatched in the one round trip that finds that out', async () => {
  const endpoint = await createEndpoint(admin, `lonely-${n}`, ['user.updated']);
  const quiet = await workspace(`Quiet ${n}`);
  const disabled = await workspace(`Disabled ${n}`);
  const off = await createEndpoint(disabled.test.adminKey, `off-${n}`, ['*']);
  await env.DB.prepare('UPDATE webhook_endpoints SET enabled = 0 WHERE id = ?').bind(off.id).run();
  const seed = async (environmentId: string, tag: string) => {
    const ids = Array.from({ length: 30 }, (_, i) => `evt_${tag}${n}_${String(i).padStart(3, '0')}`);
    await env.DB.prepare(`INSERT INTO events (id, environment_id, type, data, created_at) SELECT value, ?, 'user.updated', '{}', ? FROM json_each(?)`)
      .bind(environmentId, new Date(Date.now() + 1000).toISOString(), JSON.stringify(ids))
      .run();
    return ids;
  };
  const withEndpoint = await seedEvents(endpoint.id, 30, `lonelyA${n}`);
  const without = [...(await seed(quiet.test.environmentId, 'q')), ...(await seed(disabled.test.environmentId, 'd'))];
  const calls: string[] = [];
  const counted = wrapEnv(env, (trip, run) => {
    calls.push(`${trip.binding}.${trip.op}`);
    return run();
  });
  const undispatched = async (ids: string[]) =>
    (await env.DB.prepare('SELECT count(*) AS n FROM events WHERE dispatched_at IS NULL AND id IN (SELECT value FROM json_each(?))').bind(JSON.stringify(ids)).first<{ n: number }>())?.n;

  // No endpoint anywhere: one batch, nothing delivered, every event dispatched.
  expect(await fanOut(getDb(counted), without, Date.now() + 60_000)).toEqual({ claimed: [], queued: [] });
  expect(calls).toEqual(['DB.batch']);
  expect(await undispatched(without)).toBe(0);
  expect(await env.DB.prepare('SELECT count(*) AS n FROM webhook_deliveries WHERE endpoint_id = ?').bind(off.id).first('n')).toBe(0);

  // Mixed with an environment that has one: two batches, deliveries only for that environment.
  calls.length = 0;
  const fresh = await seed(quiet.test.environmentId, 'q2');
  const { claimed } = await fanOut(getDb(counted), [...withEndpoint, ...fresh], Date.now() + 60_000);
  expect(calls).toEqual(['DB.batch', 'DB.batch']);
  expect(claimed.map((d) => d.eventId).sort()).toEqual(withEndpoint);
  expect(await undispatched([...withEndpoint, ...fresh])).toBe(0);
});
