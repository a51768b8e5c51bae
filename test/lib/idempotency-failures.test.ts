import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';

/**
 * Idempotency when the first attempt fails for real, in workerd. The failure is a test-only D1
 * state (a trigger that refuses one kind of write), not a mock: the Worker and the campaign
 * object run as in production and meet a database that says no.
 */

const triggers: string[] = [];
async function failD1(name: string, sql: string) {
  triggers.push(name);
  await env.DB.prepare(`CREATE TRIGGER ${name} ${sql}`).run();
}
afterEach(async () => {
  for (const name of triggers.splice(0)) await env.DB.prepare(`DROP TRIGGER IF EXISTS ${name}`).run();
});

const withKey = (k: string) => ({ 'idempotency-key': k });
const count = async (sql: string, ...binds: unknown[]) => (await env.DB.prepare(sql).bind(...binds).first<{ n: number }>())?.n ?? 0;

/** Events the campaign object has recorded in its own storage. */
const recordedEvents = (campaignId: string) =>
  runInDurableObject(env.CAMPAIGN.getByName(campaignId), (_o, state) => state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM events').one().n);

async function setup() {
  const ws = await workspace('Idempotency failures');
  const key = await standardKey(ws.test.adminKey);
  const referrer = await call('POST', '/v1/users', { key, body: { external_id: 'referrer', name: 'Rae' } });
  if (referrer.status !== 201) throw new Error(referrer.text);
  return { ws, key, code: referrer.json.referral_code as string, campaignId: referrer.json.campaign_id as string };
}

describe('Idempotency-Key when the first attempt fails', () => {
  it('replays a 5xx that came after the campaign object changed: the retry never runs the handler again', async () => {
    const { ws, key, campaignId } = await setup();
    // The campaign object mints the user's code, then D1 refuses the user's insert: a 500 after a side effect.
    await failD1('idem_fail_user', "BEFORE INSERT ON users WHEN NEW.external_id = 'forced-failure' BEGIN SELECT RAISE(ABORT, 'forced failure (test)'); END");
    const codes = () => runInDurableObject(env.CAMPAIGN.getByName(campaignId), (_o, state) => state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM codes').one().n);
    const before = await codes();
    const headers = withKey(`fail-${crypto.randomUUID()}`);
    const body = { external_id: 'forced-failure', name: 'Fay' };

    const first = await call('POST', '/v1/users', { key, body, headers });
    expect(first.status).toBe(500);
    expect(await codes()).toBe(before + 1);

    const retry = await call('POST', '/v1/users', { key, body, headers });
    expect([retry.status, retry.headers.get('idempotent-replayed'), retry.text]).toEqual([500, 'true', first.text]);
    expect(await codes()).toBe(before + 1);
    const row = await env.DB.prepare('SELECT state, response_status FROM idempotency_keys WHERE environment_id = ? AND key = ?').bind(ws.test.environmentId, headers['idempotency-key']).first();
    expect(row).toEqual({ state: 'done', response_status: 500 });

    // Without a key the same request runs again (the key is what protected the retry).
    await call('POST', '/v1/users', { key, body });
    expect(await codes()).toBe(before + 2);
  });

  it('a referral whose D1 projection fails is answered from the campaign object, and its retry is a replay: recorded once', async () => {
    const { key, code, campaignId } = await setup();
    await failD1('idem_fail_projection', "BEFORE INSERT ON referrals WHEN NEW.type = 'forced-failure' BEGIN SELECT RAISE(ABORT, 'forced failure (test)'); END");
    const before = await recordedEvents(campaignId);
    const headers = withKey(`proj-${crypto.randomUUID()}`);
    const body = { code, type: 'forced-failure' };

    const first = await call('POST', '/v1/referrals', { key, body, headers });
    expect(first.status).toBeLessThan(300);
    expect(await recordedEvents(campaignId)).toBe(before + 1);

    const retry = await call('POST', '/v1/referrals', { key, body, headers });
    expect([retry.status, retry.headers.get('idempotent-replayed'), retry.text]).toEqual([first.status, 'true', first.text]);
    expect(await recordedEvents(campaignId)).toBe(before + 1);
  });

  it('when the outcome cannot be stored, the key stays claimed: 409 in progress, then 409 outcome unknown, and nothing runs twice', async () => {
    const { ws, key } = await setup();
    const idem = `store-fails-${crypto.randomUUID()}`;
    await failD1('idem_fail_store', `BEFORE UPDATE ON idempotency_keys WHEN NEW.key = '${idem}' BEGIN SELECT RAISE(ABORT, 'forced failure (test)'); END`);
    const body = { external_id: 'stored-nowhere' };
    const first = await call('POST', '/v1/users', { key, body, headers: withKey(idem) });
    expect(first.status).toBe(201); // the answer still goes out
    const users = () => count('SELECT count(*) AS n FROM users WHERE environment_id = ?', ws.test.environmentId);
    expect(await users()).toBe(2);

    const soon = await call('POST', '/v1/users', { key, body, headers: withKey(idem) });
    expect(expectProblem(soon, 409).type).toBe('https://referrio.dev/problems/idempotency-in-progress');

    await env.DB.prepare('DROP TRIGGER idem_fail_store').run();
    await env.DB.prepare('UPDATE idempotency_keys SET created_at = ? WHERE key = ?').bind(new Date(Date.now() - 10 * 60_000).toISOString(), idem).run();
    const later = await call('POST', '/v1/users', { key, body, headers: withKey(idem) });
    expect(expectProblem(later, 409).type).toBe('https://referrio.dev/problems/idempotency-outcome-unknown');
    expect(await users()).toBe(2);
  });

  it('frees the key of a request refused before any side effect (400, 401): the corrected request runs', async () => {
    const { ws, key } = await setup();
    const idem = `refused-${crypto.randomUUID()}`;
    const bad = await call('POST', '/v1/users', { key, body: { external_id: 'x', metadata: 'not an object' }, headers: withKey(idem) });
    expectProblem(bad, 400);
    expect(await count('SELECT count(*) AS n FROM idempotency_keys WHERE key = ?', idem)).toBe(0);
    const good = await call('POST', '/v1/users', { key, body: { external_id: 'x' }, headers: withKey(idem) });
    expect(good.status).toBe(201);
    expect(await count('SELECT count(*) AS n FROM users WHERE environment_id = ?', ws.test.environmentId)).toBe(2);
  });
});
