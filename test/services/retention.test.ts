import { createScheduledController, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import { RETENTION_BATCH, retentionWindows } from '../../worker/services/retention/retention';
import { call, standardKey, workspace } from '../helpers';
import { campaignWithReferrer } from '../rewards-setup';

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const runScheduledJob = () => worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '* * * * *' }), env);

let key: string;
beforeAll(async () => {
  const ws = await workspace('Retention');
  key = await standardKey(ws.test.adminKey);
});

const ids = async (table: string, column: string, prefix: string) =>
  (await env.DB.prepare(`SELECT ${column} AS id FROM ${table} WHERE ${column} LIKE ? ORDER BY ${column}`).bind(`${prefix}%`).all<{ id: string }>()).results.map((r) => r.id);

const event = (id: string, createdAt: string, dispatched: boolean) =>
  env.DB.prepare("INSERT INTO events (id, environment_id, type, data, created_at, dispatched_at) VALUES (?, 'env_ret', 'user.updated', '{}', ?, ?)").bind(id, createdAt, dispatched ? createdAt : null);
const delivery = (id: string, eventId: string, status: string, createdAt: string) =>
  env.DB.prepare("INSERT INTO webhook_deliveries (id, environment_id, endpoint_id, event_id, event_type, status, attempts, created_at, next_attempt_at) VALUES (?, 'env_ret', ?, ?, 'user.updated', ?, 1, ?, ?)")
    .bind(id, `whe_${id}`, eventId, status, createdAt, status === 'pending' ? Date.now() + DAY : null);
const idempotent = (k: string, createdAt: string) =>
  env.DB.prepare("INSERT INTO idempotency_keys (environment_id, key, request_hash, state, created_at) VALUES ('env_ret', ?, 'h', 'done', ?)").bind(k, createdAt);

describe('retention (the scheduled job)', () => {
  it('deletes events, settled deliveries and idempotency records past their windows, and nothing else', async () => {
    await env.DB.batch([
      event('evt_ret_old', ago(91 * DAY), true),
      event('evt_ret_new', ago(89 * DAY), true),
      // Not yet fanned out: still owed to the receivers.
      event('evt_ret_undispatched', ago(91 * DAY), false),
      // A delivery of it is still pending: it must stay sendable.
      event('evt_ret_pending', ago(91 * DAY), true),
      delivery('whd_ret_pending', 'evt_ret_pending', 'pending', ago(91 * DAY)),
      delivery('whd_ret_old', 'evt_ret_new', 'succeeded', ago(31 * DAY)),
      delivery('whd_ret_old_failed', 'evt_ret_new', 'failed', ago(31 * DAY)),
      delivery('whd_ret_new', 'evt_ret_new', 'failed', ago(29 * DAY)),
      idempotent('ret-old', ago(25 * 3_600_000)),
      idempotent('ret-new', ago(23 * 3_600_000)),
    ]);
    await runScheduledJob();
    expect(await ids('events', 'id', 'evt_ret_')).toEqual(['evt_ret_new', 'evt_ret_pending', 'evt_ret_undispatched']);
    expect(await ids('webhook_deliveries', 'id', 'whd_ret_')).toEqual(['whd_ret_new', 'whd_ret_pending']);
    expect(await ids('idempotency_keys', 'key', 'ret-')).toEqual(['ret-new']);
  });

  it(`does bounded work per run: at most ${RETENTION_BATCH} rows of a table`, async () => {
    const n = RETENTION_BATCH * 2 + 234;
    const rows = Array.from({ length: n }, (_, i) => event(`evt_bulk_${String(i).padStart(5, '0')}`, ago(100 * DAY + i * 1000), true));
    for (let i = 0; i < rows.length; i += 500) await env.DB.batch(rows.slice(i, i + 500));
    const left = async () => (await ids('events', 'id', 'evt_bulk_')).length;
    await runScheduledJob();
    expect(await left()).toBe(n - RETENTION_BATCH);
    await runScheduledJob();
    expect(await left()).toBe(n - 2 * RETENTION_BATCH);
    await runScheduledJob();
    expect(await left()).toBe(0);
  });

  it("prunes a campaign object's old history it can never be asked for again, and keeps what dedupes", async () => {
    const { campaignId, code } = await campaignWithReferrer(key, 'retention', []);
    const custom = await call('POST', '/v1/referrals', { key, body: { code, type: 'newsletter_signup' } });
    expect(custom.status).toBe(201);
    const sale = { code, type: 'sale', amount: 5000, currency: 'USD', order_id: 'ret-order-1', referee: { external_id: 'ret-buyer' } };
    expect((await call('POST', '/v1/referrals', { key, body: sale })).status).toBe(201);
    const stub = env.CAMPAIGN.getByName(campaignId);
    const keys = () => runInDurableObject(stub, (_o, state) => state.storage.sql.exec<{ k: string }>('SELECT dedupe_key AS k FROM events ORDER BY k').toArray().map((r) => r.k));
    const before = await keys();
    expect(before.some((k) => k.startsWith('newsletter_signup:event:'))).toBe(true);
    // Recent history stays.
    await runScheduledJob();
    expect(await keys()).toEqual(before);
    // 401 days later (the window is 400 days): the random-keyed event goes, the sale's key stays.
    await runInDurableObject(stub, (_o, state) => {
      state.storage.sql.exec('UPDATE events SET created_at = ?', Date.now() - 401 * DAY);
    });
    await runScheduledJob();
    const after = await keys();
    expect(after.some((k) => k.startsWith('newsletter_signup:event:'))).toBe(false);
    expect(after).toContain('sale:order:ret-order-1');
    // The kept key still dedupes: the same sale again is a duplicate, not a second reward.
    const again = await call('POST', '/v1/referrals', { key, body: sale });
    expect(again.json.id).toBe((await call('GET', `/v1/referrals?filters[0][field]=order_id&filters[0][operator]=equal&filters[0][value]=ret-order-1`, { key })).json.data[0].id);
    // D1 keeps the referral itself (the ledger and stats are not pruned).
    expect((await call('GET', `/v1/referrals/${custom.json.id}`, { key })).status).toBe(200);
  });

  it('reads its windows from configuration, with documented defaults', () => {
    expect(retentionWindows({})).toEqual({ eventsMs: 90 * DAY, deliveriesMs: 30 * DAY, idempotencyMs: DAY, objectHistoryMs: 400 * DAY });
    const set = retentionWindows({ RETENTION_EVENTS_DAYS: '180', RETENTION_DELIVERIES_DAYS: '7', RETENTION_IDEMPOTENCY_HOURS: '48', RETENTION_OBJECT_HISTORY_DAYS: '30' });
    expect(set).toEqual({ eventsMs: 180 * DAY, deliveriesMs: 7 * DAY, idempotencyMs: 2 * DAY, objectHistoryMs: 30 * DAY });
    // Events never go before their deliveries; an idempotent answer lives as long as it replays; nonsense falls back.
    expect(retentionWindows({ RETENTION_EVENTS_DAYS: '1', RETENTION_DELIVERIES_DAYS: '7' }).eventsMs).toBe(7 * DAY);
    expect(retentionWindows({ RETENTION_IDEMPOTENCY_HOURS: '1' }).idempotencyMs).toBe(DAY);
    expect(retentionWindows({ RETENTION_EVENTS_DAYS: 'soon', RETENTION_DELIVERIES_DAYS: '-3' })).toMatchObject({ eventsMs: 90 * DAY, deliveriesMs: 30 * DAY });
  });
});
