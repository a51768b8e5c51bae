import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';
import { campaignWithReferrer, cash } from '../rewards-setup';

let key: string;
let adminKey: string;

beforeAll(async () => {
  const ws = await workspace('Erasure');
  adminKey = ws.test.adminKey;
  key = await standardKey(adminKey);
});

/** Every D1 table (read from sqlite_master, so a table added later is searched too), as text. */
async function d1Dump(): Promise<string> {
  const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all<{ name: string }>();
  expect(tables.results.map((t) => t.name)).toEqual(expect.arrayContaining(['users', 'events', 'referrals', 'rewards', 'idempotency_keys', 'webhook_deliveries', 'audit_log']));
  const parts: string[] = [];
  for (const { name } of tables.results) {
    const rows = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
    parts.push(`${name}: ${JSON.stringify(rows.results)}`);
  }
  return parts.join('\n').toLowerCase();
}

/** Every table of a campaign object's own SQLite storage, as text. */
async function objectDump(campaignId: string): Promise<string> {
  return runInDurableObject(env.CAMPAIGN.getByName(campaignId), (_o, state) => {
    const tables = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").toArray();
    return tables.map(({ name }) => `${name}: ${JSON.stringify(state.storage.sql.exec(`SELECT * FROM "${name}"`).toArray())}`).join('\n').toLowerCase();
  });
}

const referrerPii = ['zebulon.quimbyfax@erase.example', 'zebulon quimbyfax', 'quimbyfax', 'crm-zq-7741'];
const refereePii = ['ophelia.rutherwick@erase.example', 'ophelia rutherwick', 'rutherwick'];
const totals = async (userId: string) => {
  const res = await call('GET', `/v1/rewards?filters[0][field]=user_id&filters[0][operator]=equal&filters[0][value]=${userId}&per_page=250&order[field]=created_at&order[direction]=asc`, { key });
  return (res.json.data as { id: string; amount: number | null; status: string; currency: string | null }[]).map((r) => ({ id: r.id, amount: r.amount, status: r.status, currency: r.currency }));
};

describe('DELETE /v1/users/{id} (erasure)', () => {
  it('removes the person from every D1 table and the campaign object, and keeps the ledger whole', async () => {
    const { campaignId, code, referrerId: otherReferrer } = await campaignWithReferrer(key, 'erase', [cash(500, { id: 'signup-cash', recipients: { referrer: { type: 'cash', amount: 500, currency: 'USD' }, referee: { type: 'cash', amount: 200, currency: 'USD' } } })]);
    // The person to erase: a referrer of their own (created with an Idempotency-Key, so their answer is stored) …
    const person = await call('POST', '/v1/users', {
      key,
      headers: { 'idempotency-key': 'erase-create-1' },
      body: { external_id: 'crm-zq-7741', email: 'Zebulon.Quimbyfax@erase.example', name: 'Zebulon Quimbyfax', campaign_id: campaignId, metadata: { phone: '+44 7700 900123', nickname: 'Quimbyfax' } },
    });
    expect(person.status).toBe(201);
    const personId = person.json.id as string;
    expect((await call('PATCH', `/v1/users/${personId}`, { key, body: { metadata: { nickname: 'Zeb Quimbyfax' } } })).status).toBe(200);
    // … who was referred by someone else (so they are a referee too) …
    const asReferee = await call('POST', '/v1/referrals', { key, body: { code, type: 'signup', referee: { external_id: 'crm-zq-7741' }, metadata: { contact: 'zebulon.quimbyfax@erase.example' } } });
    expect(asReferee.status).toBe(201);
    // … and who referred someone, whose referral metadata names them both.
    const made = await call('POST', '/v1/referrals', {
      key,
      body: { code: person.json.referral_code, type: 'signup', referee: { external_id: 'crm-or-1', email: 'ophelia.rutherwick@erase.example', name: 'Ophelia Rutherwick' }, metadata: { referrer_name: 'Zebulon Quimbyfax', referee_note: 'Ophelia Rutherwick' } },
    });
    expect(made.status).toBe(201);
    const refereeId = made.json.referee_id as string;
    const manual = await call('POST', '/v1/rewards', { key, body: { user_id: personId, type: 'cash', amount: 1234, currency: 'USD', note: 'Goodwill for Zebulon Quimbyfax' } });
    expect(manual.status).toBe(201);
    // A receiver's stored answer that echoed the payload.
    await env.DB.prepare("INSERT INTO webhook_deliveries (id, environment_id, endpoint_id, event_id, event_type, status, attempts, last_response_body) VALUES ('whd_erase_echo', ?, 'whe_x', 'evt_x', 'user.created', 'succeeded', 1, ?)")
      .bind((await call('GET', '/v1/environment', { key })).json.id, '{"ok":true,"echo":"Zebulon Quimbyfax <zebulon.quimbyfax@erase.example>"}')
      .run();

    // A billing connector learned which Stripe customer they are.
    await env.DB.prepare("INSERT INTO billing_customers (environment_id, provider, customer_id, referee_external_id) VALUES (?, 'stripe', 'cus_erase', 'crm-zq-7741')")
      .bind((await call('GET', '/v1/environment', { key })).json.id)
      .run();

    // The searches can see the person before the erasure (otherwise they would prove nothing).
    const before = await d1Dump();
    for (const value of referrerPii) expect(before).toContain(value);
    expect(await objectDump(campaignId)).toContain('quimbyfax');
    const referrerTotals = await totals(personId);
    const otherTotals = await totals(otherReferrer);
    const refereeTotals = await totals(refereeId);
    expect(referrerTotals.length).toBe(3);
    const stats = async () => (await call('GET', `/v1/stats?campaign_id=${campaignId}`, { key })).json;
    const statsBefore = await stats();
    expect(statsBefore.totals).toBeDefined();

    expect((await call('DELETE', `/v1/users/${personId}`, { key })).status).toBe(204);

    const after = await d1Dump();
    for (const value of referrerPii) expect(after.split('\n').filter((t) => t.includes(value)).map((t) => t.slice(0, 20)), value).toEqual([]);
    expect(await objectDump(campaignId)).not.toContain('quimbyfax');
    // Someone else's data is still there: the erasure is of one person.
    expect(after).toContain('ophelia.rutherwick@erase.example');
    // The ledger: every reward of the person, their referrer and their referee keeps its amount and status.
    expect(await totals(personId)).toEqual(referrerTotals);
    expect(await totals(otherReferrer)).toEqual(otherTotals);
    expect(await totals(refereeId)).toEqual(refereeTotals);
    expect((await call('GET', `/v1/users/${otherReferrer}/balance`, { key })).status).toBe(200);
    // The campaign's statistics (signups, sales, revenue, rewards) are the same numbers.
    expect(await stats()).toEqual(statsBefore);
    // The user is gone from the API; the erasure is audited without personal data.
    expectProblem(await call('GET', `/v1/users/${personId}`, { key }), 404);
    const audit = await call('GET', `/v1/audit-log?filters[0][field]=target_id&filters[0][operator]=equal&filters[0][value]=${personId}`, { key: adminKey });
    expect(audit.json.data.map((e: { action: string }) => e.action)).toEqual(['user.erased']);
    // A retry with the stored Idempotency-Key no longer replays the person's data.
    const replay = await call('POST', '/v1/users', { key, headers: { 'idempotency-key': 'erase-create-1' }, body: { external_id: 'crm-zq-7741', email: 'Zebulon.Quimbyfax@erase.example', name: 'Zebulon Quimbyfax', campaign_id: campaignId, metadata: { phone: '+44 7700 900123', nickname: 'Quimbyfax' } } });
    expect(replay.headers.get('idempotent-replayed')).toBeNull();
    expect(replay.json.id).not.toBe(personId);

    // The referee can be erased too; the first person's referral to them keeps its rewards.
    expect((await call('DELETE', `/v1/users/${refereeId}`, { key })).status).toBe(204);
    const last = await d1Dump();
    for (const value of refereePii) expect(last, value).not.toContain(value);
    expect(await objectDump(campaignId)).not.toContain('rutherwick');
    expect(await totals(personId)).toEqual(referrerTotals);
  });

  it('reaches every copy however many: 1,100 events quoting the person in other objects', async () => {
    const person = await call('POST', '/v1/users', { key, body: { external_id: 'many-copies', email: 'many.copies@erase.example', name: 'Marguerite Manycopies' } });
    expect(person.status).toBe(201);
    const environmentId = (await call('GET', '/v1/environment', { key })).json.id as string;
    const n = 1100;
    const rows = Array.from({ length: n }, (_, i) =>
      env.DB.prepare("INSERT INTO events (id, environment_id, type, data, created_at, dispatched_at) VALUES (?, ?, 'referral.created', ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')")
        .bind(`evt_copy_${String(i).padStart(5, '0')}`, environmentId, JSON.stringify({ object: 'note', i, text: `Referred by Marguerite Manycopies <many.copies@erase.example>` })),
    );
    for (let i = 0; i < rows.length; i += 500) await env.DB.batch(rows.slice(i, i + 500));
    const quoting = async () => (await env.DB.prepare("SELECT count(*) AS n FROM events WHERE instr(lower(data), 'manycopies') > 0").first<{ n: number }>())?.n;
    expect(await quoting()).toBe(n + 1);
    expect((await call('DELETE', `/v1/users/${person.json.id}`, { key })).status).toBe(204);
    expect(await quoting()).toBe(0);
    const sample = await env.DB.prepare("SELECT data FROM events WHERE id = 'evt_copy_01099'").first<{ data: string }>();
    expect(JSON.parse(sample?.data ?? '{}')).toEqual({ object: 'note', i: 1099, text: 'Referred by [erased] <[erased]>' });
  });

  it('answers 404 for an unknown user and changes nothing', async () => {
    // The tables an erasure writes (events and deliveries also change as the queue dispatches, so they are counted by type).
    const snapshot = async () =>
      JSON.stringify(
        await env.DB.batch([
          env.DB.prepare('SELECT * FROM users ORDER BY id'),
          env.DB.prepare('SELECT * FROM referrals ORDER BY id'),
          env.DB.prepare('SELECT * FROM rewards ORDER BY id'),
          env.DB.prepare('SELECT * FROM audit_log ORDER BY id'),
          env.DB.prepare('SELECT environment_id, key, subjects FROM idempotency_keys ORDER BY key'),
          env.DB.prepare('SELECT id, data FROM events ORDER BY id'),
        ]).then((r) => r.map((x) => x.results)),
      );
    const before = await snapshot();
    expectProblem(await call('DELETE', '/v1/users/usr_doesnotexist00000000', { key }), 404);
    expect(await snapshot()).toBe(before);
  });
});

describe('GET /v1/users/{id}/export', () => {
  it('returns everything held about the person, every referral and reward however many', async () => {
    const { campaignId, referrerId } = await campaignWithReferrer(key, 'export', []);
    const environmentId = (await call('GET', '/v1/environment', { key })).json.id as string;
    // Past one internal page (500): 1,234 referrals made and 1,234 rewards, written as fixtures.
    const n = 1234;
    const statements = [];
    for (let i = 0; i < n; i++) {
      const id = `ref_export_${String(i).padStart(5, '0')}`;
      statements.push(
        env.DB.prepare("INSERT INTO referrals (id, environment_id, campaign_id, type, status, reasons, referrer_id, dedupe_key, rules_version, metadata, occurred_at) VALUES (?, ?, ?, 'custom', 'recorded', '[]', ?, ?, 1, ?, '2026-01-01T00:00:00.000Z')")
          .bind(id, environmentId, campaignId, referrerId, `custom:event:${id}`, JSON.stringify({ i })),
        env.DB.prepare("INSERT INTO rewards (id, environment_id, campaign_id, referral_id, user_id, recipient, type, amount, currency, status) VALUES (?, ?, ?, ?, ?, 'referrer', 'cash', 100, 'USD', 'approved')")
          .bind(`rwd_export_${String(i).padStart(5, '0')}`, environmentId, campaignId, id, referrerId),
      );
    }
    for (let i = 0; i < statements.length; i += 500) await env.DB.batch(statements.slice(i, i + 500));
    const res = await call('GET', `/v1/users/${referrerId}/export`, { key });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ object: 'user_export', user: { id: referrerId, external_id: 'referrer-export', name: 'Rae' } });
    expect(res.json.referrals_made.length).toBe(n);
    expect(new Set(res.json.referrals_made.map((r: { id: string }) => r.id)).size).toBe(n);
    expect(res.json.referrals_made[n - 1].metadata).toEqual({ i: n - 1 });
    expect(res.json.rewards.length).toBe(n);
    expect(res.json.rewards.reduce((sum: number, r: { amount: number }) => sum + r.amount, 0)).toBe(100 * n);
    expect(res.json.referrals_received).toEqual([]);
  });

  it('finds a user by external id and answers 404 for an erased one', async () => {
    const created = await call('POST', '/v1/users', { key, body: { external_id: 'export-me', email: 'export.me@example.com' } });
    const res = await call('GET', '/v1/users/export-me/export', { key });
    expect(res.json.user).toMatchObject({ id: created.json.id, email: 'export.me@example.com' });
    expect((await call('DELETE', `/v1/users/${created.json.id}`, { key })).status).toBe(204);
    expectProblem(await call('GET', `/v1/users/${created.json.id}/export`, { key }), 404);
  });
});
