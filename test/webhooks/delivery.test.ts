import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '../../worker/db/client';
import { users } from '../../worker/db/schema';
import { JITTER, RETRY_DELAYS_MS } from '../../worker/domain/webhooks/retry-schedule';
import { eventInsert } from '../../worker/outbox/events';
import { eq } from 'drizzle-orm';
import { call, workspace } from '../helpers';
import { afterAttempt, createEndpoint, type Delivery, deliveries, ms, received, script, sweepAt, until, verify } from './helpers';

let admin: string;
let userId: string;
let renames = 0;

// Each test gets its own environment, so no test's events reach another test's endpoints.
beforeEach(async () => {
  admin = (await workspace(`Hooks ${++renames}`)).test.adminKey;
  const res = await call('POST', '/v1/users', { key: admin, body: { external_id: 'cust_hooks', name: 'Hook' } });
  userId = res.json.id;
});

/** One user.updated event (subscribe to it to get exactly one delivery per call). */
const touchUser = async () => {
  const res = await call('PATCH', `/v1/users/${userId}`, { key: admin, body: { name: `Hook ${++renames}` } });
  expect(res.status).toBe(200);
};

/** The delay the schedule asked for after failed attempt n (1-based), within its jitter. */
function expectScheduled(d: Delivery, afterAttemptNo: number) {
  const base = RETRY_DELAYS_MS[afterAttemptNo - 1] as number;
  const delay = ms(d.next_attempt_at) - ms(d.last_attempt_at);
  expect(delay, `delay after attempt ${afterAttemptNo}`).toBeGreaterThanOrEqual(Math.floor(base * (1 - JITTER)));
  expect(delay, `delay after attempt ${afterAttemptNo}`).toBeLessThanOrEqual(Math.ceil(base * (1 + JITTER)));
}

describe('retries', () => {
  it('survive a 500, a hang past the timeout and a closed connection, then deliver, on the schedule', async () => {
    const endpoint = await createEndpoint(admin, 'flaky', ['user.updated']);
    await script('flaky', ['500', 'hang', 'destroy']);
    await touchUser();

    let d = await afterAttempt(admin, endpoint.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500, last_error: null });
    expect(d.last_response_body?.length).toBe(1024);
    expectScheduled(d, 1);

    // Time is driven: the sweep runs as the cron would at the moment the attempt is due.
    await sweepAt(ms(d.next_attempt_at));
    d = await afterAttempt(admin, endpoint.id, d);
    expect(d).toMatchObject({ status: 'pending', attempts: 2, last_status_code: null, last_error: 'timeout after 1000 ms' });
    expectScheduled(d, 2);

    await sweepAt(ms(d.next_attempt_at));
    d = await afterAttempt(admin, endpoint.id, d);
    expect(d).toMatchObject({ status: 'pending', attempts: 3, last_status_code: null });
    expect(d.last_error).toMatch(/^connection error/);
    expectScheduled(d, 3);

    await sweepAt(ms(d.next_attempt_at));
    d = await afterAttempt(admin, endpoint.id, d);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 4, last_status_code: 200, next_attempt_at: null, last_error: null });

    const got = await received('flaky');
    expect(got.map((r) => r.behaviour)).toEqual(['500', 'hang', 'destroy', '200']);
    // Every attempt carries the same webhook-id and its own valid signature.
    expect(new Set(got.map((r) => r.headers['webhook-id']))).toEqual(new Set([d.event_id]));
    for (const r of got) expect(verify(endpoint.secret, r)).toMatchObject({ id: d.event_id, type: 'user.updated' });
    const health = await call('GET', `/v1/webhook-endpoints/${endpoint.id}`, { key: admin });
    expect(health.json).toMatchObject({ enabled: true, failing_since: null });
  });

  it('follow the whole schedule, then fail; a manual retry then delivers', async () => {
    const endpoint = await createEndpoint(admin, 'down', ['user.updated']);
    await script('down', Array(RETRY_DELAYS_MS.length + 1).fill('503'));
    await touchUser();

    let d = await afterAttempt(admin, endpoint.id);
    for (let attempt = 1; attempt <= RETRY_DELAYS_MS.length; attempt++) {
      expect(d).toMatchObject({ status: 'pending', attempts: attempt, last_status_code: 503 });
      expectScheduled(d, attempt);
      await sweepAt(ms(d.next_attempt_at));
      d = await afterAttempt(admin, endpoint.id, d);
    }
    expect(d).toMatchObject({ status: 'failed', attempts: RETRY_DELAYS_MS.length + 1, next_attempt_at: null, last_status_code: 503 });
    expect((await call('GET', `/v1/webhook-endpoints/${endpoint.id}`, { key: admin })).json.failing_since).not.toBeNull();

    // Nothing more happens on its own.
    await sweepAt(Date.now() + 7 * 86_400_000);
    expect(await received('down')).toHaveLength(RETRY_DELAYS_MS.length + 1);

    const retry = await call('POST', `/v1/webhook-deliveries/${d.id}/retry`, { key: admin });
    expect(retry.status).toBe(202);
    d = await afterAttempt(admin, endpoint.id, d);
    expect(d).toMatchObject({ status: 'succeeded', attempts: RETRY_DELAYS_MS.length + 2, last_status_code: 200 });
    const got = await received('down');
    expect(got).toHaveLength(RETRY_DELAYS_MS.length + 2);
    expect(verify(endpoint.secret, got.at(-1) as (typeof got)[number])).toMatchObject({ id: d.event_id });
    expect((await call('GET', `/v1/webhook-endpoints/${endpoint.id}`, { key: admin })).json.failing_since).toBeNull();
  });

  it('honour a Retry-After longer than the schedule', async () => {
    const endpoint = await createEndpoint(admin, 'busy', ['user.updated']);
    await script('busy', ['429:3600']);
    await touchUser();
    const d = await afterAttempt(admin, endpoint.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 429 });
    expect(ms(d.next_attempt_at) - ms(d.last_attempt_at)).toBe(3_600_000);
  });

  it('treat a redirect as a failure and do not follow it', async () => {
    const endpoint = await createEndpoint(admin, 'moved', ['user.updated']);
    await script('moved', ['302']);
    await touchUser();
    const d = await afterAttempt(admin, endpoint.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 302 });
    expect(d.last_error).toMatch(/^redirect to https:\/\/elsewhere\.example/);
  });
});

describe('disabled endpoints', () => {
  it('a 410 disables the endpoint at once, with the reason, and it gets nothing more', async () => {
    const endpoint = await createEndpoint(admin, 'gone', ['user.updated']);
    await script('gone', ['410']);
    await touchUser();
    const d = await afterAttempt(admin, endpoint.id);
    expect(d).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 410, next_attempt_at: null });
    const after = await call('GET', `/v1/webhook-endpoints/${endpoint.id}`, { key: admin });
    expect(after.json).toMatchObject({ enabled: false });
    expect(after.json.disabled_reason).toMatch(/410 Gone/);

    await touchUser();
    await sweepAt(Date.now() + 60_000);
    expect(await deliveries(admin, endpoint.id)).toHaveLength(1);
    expect(await received('gone')).toHaveLength(1);
    const retry = await call('POST', `/v1/webhook-deliveries/${d.id}/retry`, { key: admin });
    expect(retry.status).toBe(409);
  });

  it('an endpoint disabled while a retry is pending gets no further attempt', async () => {
    const endpoint = await createEndpoint(admin, 'paused', ['user.updated']);
    await script('paused', ['500']);
    await touchUser();
    const d = await afterAttempt(admin, endpoint.id);
    expect(d.status).toBe('pending');
    expect((await call('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { key: admin, body: { enabled: false } })).status).toBe(200);

    await sweepAt(ms(d.next_attempt_at));
    const settled = await until('the delivery to fail', async () => (await deliveries(admin, endpoint.id)).find((x) => x.status === 'failed'));
    expect(settled).toMatchObject({ attempts: 1, last_error: 'endpoint disabled' });
    await touchUser();
    await sweepAt(Date.now() + 60_000);
    expect(await deliveries(admin, endpoint.id)).toHaveLength(1);
    expect(await received('paused')).toHaveLength(1);
  });

  it('an endpoint failing for days is disabled with a visible reason', async () => {
    const endpoint = await createEndpoint(admin, 'dying', ['user.updated']);
    await script('dying', ['500']);
    // It has been failing for six days (as far as the record goes).
    await env.DB.prepare('UPDATE webhook_endpoints SET failing_since = ? WHERE id = ?').bind(new Date(Date.now() - 6 * 86_400_000).toISOString(), endpoint.id).run();
    await touchUser();
    const d = await afterAttempt(admin, endpoint.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1 });
    const after = await call('GET', `/v1/webhook-endpoints/${endpoint.id}`, { key: admin });
    expect(after.json.enabled).toBe(false);
    expect(after.json.disabled_reason).toMatch(/^Every attempt since .* failed \(last: 500\)\.$/);

    await sweepAt(ms(d.next_attempt_at));
    await until('the delivery to fail', async () => (await deliveries(admin, endpoint.id)).find((x) => x.status === 'failed'));
    expect(await received('dying')).toHaveLength(1);
  });
});

describe('the sweep', () => {
  it('delivers an event whose commit was never followed by a publish (a crash in between)', async () => {
    const endpoint = await createEndpoint(admin, 'crash', ['user.updated']);
    const db = getDb(env);
    const environmentId = (await db.select().from(users).where(eq(users.id, userId)).get())?.environmentId as string;
    // The state change and its event commit together, then the isolate "dies": no publish.
    const id = 'evt_crash_between_commit_and_enqueue';
    await db.batch([
      db.update(users).set({ name: 'Crashed' }).where(eq(users.id, userId)),
      eventInsert(db, { id, environmentId, type: 'user.updated', data: { id: userId, object: 'user', name: 'Crashed' } }),
    ]);
    expect(await deliveries(admin, endpoint.id)).toEqual([]);

    await sweepAt(Date.now() + 60_000);
    const d = await afterAttempt(admin, endpoint.id);
    expect(d).toMatchObject({ event_id: id, status: 'succeeded', attempts: 1 });
    const [got] = await received('crash');
    expect(verify(endpoint.secret, got as NonNullable<typeof got>)).toMatchObject({ id, type: 'user.updated', data: { name: 'Crashed' } });
  });

  it('takes back an attempt whose worker died mid-flight once its lease runs out', async () => {
    const endpoint = await createEndpoint(admin, 'lease', ['user.updated']);
    await script('lease', ['500']);
    await touchUser();
    const first = await afterAttempt(admin, endpoint.id);
    // A worker claimed the next attempt (attempts + 1, lease in next_attempt_at) and died before sending.
    const lease = Date.now() + 31_000;
    await env.DB.prepare('UPDATE webhook_deliveries SET attempts = 2, next_attempt_at = ? WHERE id = ?').bind(lease, first.id).run();
    await sweepAt(lease - 1);
    expect(await received('lease')).toHaveLength(1);
    await sweepAt(lease);
    const d = await afterAttempt(admin, endpoint.id, first);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(await received('lease')).toHaveLength(2);
  });
});
