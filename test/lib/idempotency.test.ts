import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_TTL_MS } from '../../worker/lib/idempotency';
import { call, expectProblem, standardKey, workspace } from '../helpers';

let n = 0;
const newKey = () => `idem-${++n}-${crypto.randomUUID()}`;

/** A fresh workspace per test: its environments share no keys or rows with other tests. */
async function setup() {
  const ws = await workspace();
  const key = await standardKey(ws.test.adminKey);
  const referrer = await call('POST', '/v1/users', { key, body: { external_id: 'referrer', name: 'Rae' } });
  if (referrer.status !== 201) throw new Error(referrer.text);
  return { ws, key, code: referrer.json.referral_code as string };
}

const count = async (table: 'users' | 'referrals', environmentId: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE environment_id = ?`).bind(environmentId).first<{ n: number }>())?.n;

const keyRow = (environmentId: string, key: string) =>
  env.DB.prepare('SELECT * FROM idempotency_keys WHERE environment_id = ? AND key = ?').bind(environmentId, key).first<Record<string, unknown>>();

const sha256Hex = async (input: string) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(input)))].map((b) => b.toString(16).padStart(2, '0')).join('');

const withKey = (idempotencyKey: string) => ({ 'idempotency-key': idempotencyKey });

/** The id of the API key behind a raw key: a stored request is bound to the key that sent it. */
const keyIdOf = async (rawKey: string) =>
  (await env.DB.prepare('SELECT id FROM api_keys WHERE key_hash = ?').bind(await sha256Hex(rawKey)).first<{ id: string }>())?.id;

describe('Idempotency-Key: replays', () => {
  it('replays the first POST /v1/users response byte for byte and creates one user', async () => {
    const { ws, key } = await setup();
    const headers = withKey(newKey());
    const body = { external_id: 'cust_1', name: 'Jane' };
    const first = await call('POST', '/v1/users', { key, body, headers });
    const again = await call('POST', '/v1/users', { key, body, headers });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(again.text).toBe(first.text);
    expect(await count('users', ws.test.environmentId)).toBe(2);
  });

  it('replays POST /v1/referrals instead of logging the event twice', async () => {
    const { ws, key, code } = await setup();
    const headers = withKey(newKey());
    const body = { code, type: 'review' };
    const first = await call('POST', '/v1/referrals', { key, body, headers });
    const again = await call('POST', '/v1/referrals', { key, body, headers });
    expect(first.status).toBe(201);
    expect([again.status, again.headers.get('idempotent-replayed'), again.text]).toEqual([201, 'true', first.text]);
    expect(await count('referrals', ws.test.environmentId)).toBe(1);
  });

  it('logs a second event when the retry carries no key (the key is what makes it safe)', async () => {
    const { ws, key, code } = await setup();
    await call('POST', '/v1/referrals', { key, body: { code, type: 'review' } });
    await call('POST', '/v1/referrals', { key, body: { code, type: 'review' } });
    expect(await count('referrals', ws.test.environmentId)).toBe(2);
  });

  it('replays PATCH /v1/campaigns/{id} without making a second rules version', async () => {
    const { ws, key } = await setup();
    const headers = withKey(newKey());
    const path = `/v1/campaigns/${ws.test.campaignId}`;
    const body = { rules: [{ id: 'signup', trigger: 'signup', recipients: { referrer: { type: 'points', points: 10 } } }] };
    const first = await call('PATCH', path, { key, body, headers });
    const again = await call('PATCH', path, { key, body, headers });
    expect(first.status).toBe(200);
    expect([again.status, again.headers.get('idempotent-replayed'), again.text]).toEqual([200, 'true', first.text]);
    const current = await call('GET', path, { key });
    expect(current.json.rules_version).toBe(first.json.rules_version);
  });

  it('replays DELETE /v1/users/{id} as the same empty 204', async () => {
    const { key } = await setup();
    const headers = withKey(newKey());
    const first = await call('DELETE', '/v1/users/referrer', { key, headers });
    const again = await call('DELETE', '/v1/users/referrer', { key, headers });
    expect(first.status).toBe(204);
    expect([again.status, again.headers.get('idempotent-replayed'), again.text]).toEqual([204, 'true', '']);
  });

  it('stores a 4xx outcome of a request that ran (404) and replays it', async () => {
    const { key } = await setup();
    const headers = withKey(newKey());
    const first = await call('DELETE', '/v1/users/nobody', { key, headers });
    const again = await call('DELETE', '/v1/users/nobody', { key, headers });
    expectProblem(first, 404);
    expect([again.status, again.headers.get('idempotent-replayed'), again.text]).toEqual([404, 'true', first.text]);
  });
});

describe('Idempotency-Key: conflicts', () => {
  it('answers 422 for the same key with a different body, and creates nothing', async () => {
    const { ws, key } = await setup();
    const headers = withKey(newKey());
    await call('POST', '/v1/users', { key, body: { external_id: 'a' }, headers });
    const res = await call('POST', '/v1/users', { key, body: { external_id: 'b' }, headers });
    expect(expectProblem(res, 422).type).toBe('https://referrio.dev/problems/idempotency-key-reused');
    expect(await count('users', ws.test.environmentId)).toBe(2);
  });

  it('answers 422 for the same key and body on another path', async () => {
    const { key } = await setup();
    const headers = withKey(newKey());
    const body = { external_id: 'same' };
    expect((await call('POST', '/v1/users', { key, body, headers })).status).toBe(201);
    const res = await call('POST', '/v1/campaigns', { key, body, headers });
    expect(expectProblem(res, 422).type).toBe('https://referrio.dev/problems/idempotency-key-reused');
  });

  it('answers 409 while the first request with the key is still running, and creates nothing', async () => {
    const { ws, key } = await setup();
    const idempotencyKey = newKey();
    const body = JSON.stringify({ external_id: 'slow' });
    const requestHash = await sha256Hex(`${await keyIdOf(key)} POST /v1/users\n${body}`);
    await env.DB.prepare('INSERT INTO idempotency_keys (environment_id, key, request_hash, state, created_at) VALUES (?, ?, ?, ?, ?)')
      .bind(ws.test.environmentId, idempotencyKey, requestHash, 'running', new Date().toISOString())
      .run();
    const res = await call('POST', '/v1/users', { key, body, headers: withKey(idempotencyKey) });
    expect(expectProblem(res, 409).type).toBe('https://referrio.dev/problems/idempotency-in-progress');
    expect(await count('users', ws.test.environmentId)).toBe(1);
  });

  it('never runs a key again whose first request died while running: past the lease, a 409 says its outcome is unknown', async () => {
    const { ws, key } = await setup();
    const idempotencyKey = newKey();
    const body = JSON.stringify({ external_id: 'died' });
    const requestHash = await sha256Hex(`${await keyIdOf(key)} POST /v1/users\n${body}`);
    await env.DB.prepare('INSERT INTO idempotency_keys (environment_id, key, request_hash, state, created_at) VALUES (?, ?, ?, ?, ?)')
      .bind(ws.test.environmentId, idempotencyKey, requestHash, 'running', new Date(Date.now() - 6 * 60_000).toISOString())
      .run();
    const res = await call('POST', '/v1/users', { key, body, headers: withKey(idempotencyKey) });
    expect(expectProblem(res, 409).type).toBe('https://referrio.dev/problems/idempotency-outcome-unknown');
    expect(await count('users', ws.test.environmentId)).toBe(1);
  });

  it('lets 20 concurrent identical requests create exactly one referral; the rest are 409s or replays', async () => {
    const { ws, key, code } = await setup();
    const headers = withKey(newKey());
    const results = await Promise.all(Array.from({ length: 20 }, () => call('POST', '/v1/referrals', { key, body: { code, type: 'review' }, headers })));
    const originals = results.filter((r) => r.status === 201 && !r.headers.get('idempotent-replayed'));
    expect(originals).toHaveLength(1);
    for (const r of results) {
      if (r === originals[0]) continue;
      if (r.status === 409) expect(expectProblem(r, 409).type).toBe('https://referrio.dev/problems/idempotency-in-progress');
      else expect([r.status, r.headers.get('idempotent-replayed'), r.text]).toEqual([201, 'true', originals[0]?.text]);
    }
    expect(await count('referrals', ws.test.environmentId)).toBe(1);
  });

  it('lets 20 concurrent identical POST /v1/users create exactly one user', async () => {
    const { ws, key } = await setup();
    const headers = withKey(newKey());
    const results = await Promise.all(Array.from({ length: 20 }, () => call('POST', '/v1/users', { key, body: { external_id: 'racer' }, headers })));
    expect(results.filter((r) => r.status === 201 && !r.headers.get('idempotent-replayed'))).toHaveLength(1);
    expect(results.every((r) => r.status === 409 || r.status === 201)).toBe(true);
    expect(await count('users', ws.test.environmentId)).toBe(2);
  });
});

describe('Idempotency-Key: scope and lifetime', () => {
  it("never replays one key's answer to another key of the environment (an admin's new key to a standard key)", async () => {
    const ws = await workspace();
    const standard = await standardKey(ws.test.adminKey);
    const headers = withKey(newKey());
    const body = { name: 'Checkout backend', role: 'admin' };
    const created = await call('POST', '/v1/api-keys', { key: ws.test.adminKey, body, headers });
    expect(created.status).toBe(201);
    const replay = await call('POST', '/v1/api-keys', { key: standard, body, headers });
    expect(replay.status).toBe(422);
    expect(replay.text).not.toContain(created.json.key);
  });

  it('never replays an inbound hook URL to a standard key', async () => {
    const ws = await workspace();
    const standard = await standardKey(ws.test.adminKey);
    const headers = withKey(newKey());
    const rotated = await call('POST', '/v1/inbound-hook/rotate', { key: ws.test.adminKey, headers });
    expect(rotated.status).toBe(201);
    const replay = await call('POST', '/v1/inbound-hook/rotate', { key: standard, headers });
    expect(replay.status).toBe(422);
    expect(replay.text).not.toContain(rotated.json.token);
  });

  it('keeps the stored answer sealed: a new API key is not in D1 in the clear, yet its replay returns it', async () => {
    const ws = await workspace();
    const idempotencyKey = newKey();
    const body = { name: 'Sealed', role: 'standard' };
    const created = await call('POST', '/v1/api-keys', { key: ws.test.adminKey, body, headers: withKey(idempotencyKey) });
    expect(created.status).toBe(201);
    const row = await keyRow(ws.test.environmentId, idempotencyKey);
    expect(row?.state).toBe('done');
    expect(String(row?.response_body)).toMatch(/^sealed:v1:/);
    expect(String(row?.response_body)).not.toContain(created.json.key);
    expect(String(row?.response_body)).not.toContain(created.json.key.slice(12));

    const replay = await call('POST', '/v1/api-keys', { key: ws.test.adminKey, body, headers: withKey(idempotencyKey) });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(created.text);
  });

  it('keeps keys per environment: the same key in live and test runs twice', async () => {
    const ws = await workspace();
    const [testKey, liveKey] = await Promise.all([standardKey(ws.test.adminKey), standardKey(ws.live.adminKey)]);
    const headers = withKey(newKey());
    const body = { external_id: 'both' };
    const inTest = await call('POST', '/v1/users', { key: testKey, body, headers });
    const inLive = await call('POST', '/v1/users', { key: liveKey, body, headers });
    expect([inTest.status, inLive.status]).toEqual([201, 201]);
    expect(inLive.headers.get('idempotent-replayed')).toBeNull();
    expect(inLive.json.id).not.toBe(inTest.json.id);
    expect([await count('users', ws.test.environmentId), await count('users', ws.live.environmentId)]).toEqual([1, 1]);
  });

  it('forgets a key after 24 hours: the same request runs anew', async () => {
    const { ws, key, code } = await setup();
    const idempotencyKey = newKey();
    const body = { code, type: 'review' };
    const first = await call('POST', '/v1/referrals', { key, body, headers: withKey(idempotencyKey) });
    const expired = new Date(Date.now() - IDEMPOTENCY_TTL_MS - 1000).toISOString();
    await env.DB.prepare('UPDATE idempotency_keys SET created_at = ? WHERE environment_id = ? AND key = ?').bind(expired, ws.test.environmentId, idempotencyKey).run();
    const again = await call('POST', '/v1/referrals', { key, body, headers: withKey(idempotencyKey) });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(again.json.id).not.toBe(first.json.id);
    expect(await count('referrals', ws.test.environmentId)).toBe(2);
  });

  it('still replays a key a minute short of 24 hours old', async () => {
    const { ws, key, code } = await setup();
    const idempotencyKey = newKey();
    const body = { code, type: 'review' };
    await call('POST', '/v1/referrals', { key, body, headers: withKey(idempotencyKey) });
    const old = new Date(Date.now() - IDEMPOTENCY_TTL_MS + 60_000).toISOString();
    await env.DB.prepare('UPDATE idempotency_keys SET created_at = ? WHERE environment_id = ? AND key = ?').bind(old, ws.test.environmentId, idempotencyKey).run();
    const again = await call('POST', '/v1/referrals', { key, body, headers: withKey(idempotencyKey) });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await count('referrals', ws.test.environmentId)).toBe(1);
  });

  it('does not store a 400 validation failure: the corrected request with the same key succeeds', async () => {
    const { ws, key } = await setup();
    const idempotencyKey = newKey();
    const bad = await call('POST', '/v1/users', { key, body: { external_id: '' }, headers: withKey(idempotencyKey) });
    expectProblem(bad, 400);
    expect(await keyRow(ws.test.environmentId, idempotencyKey)).toBeNull();
    const good = await call('POST', '/v1/users', { key, body: { external_id: 'fixed' }, headers: withKey(idempotencyKey) });
    expect(good.status).toBe(201);
    expect(good.headers.get('idempotent-replayed')).toBeNull();
  });

  it('ignores the key on GET', async () => {
    const { ws, key } = await setup();
    const idempotencyKey = newKey();
    const res = await call('GET', '/v1/users', { key, headers: withKey(idempotencyKey) });
    expect(res.status).toBe(200);
    expect(await keyRow(ws.test.environmentId, idempotencyKey)).toBeNull();
  });
});

describe('Idempotency-Key: format', () => {
  it.each([
    ['non-ASCII characters', 'clé-é'],
    ['256 characters', 'k'.repeat(256)],
  ])('answers 400 for a key with %s, and creates nothing', async (_, idempotencyKey) => {
    const { ws, key } = await setup();
    const res = await call('POST', '/v1/users', { key, body: { external_id: 'x' }, headers: withKey(idempotencyKey) });
    expect(expectProblem(res, 400).type).toBe('https://referrio.dev/problems/invalid-idempotency-key');
    expect(await count('users', ws.test.environmentId)).toBe(1);
  });

  it('accepts a key of exactly 255 characters', async () => {
    const { key } = await setup();
    const res = await call('POST', '/v1/users', { key, body: { external_id: 'x' }, headers: withKey('k'.repeat(255)) });
    expect(res.status).toBe(201);
  });
});
