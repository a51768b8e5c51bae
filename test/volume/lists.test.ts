import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_BULK_IDS, MAX_PER_PAGE } from '../../worker/domain/limits';
import { call, workspace } from '../helpers';
import { campaignWithReferrer, cash, signup } from '../rewards-setup';
import { cloneRows, countRows, pad } from './seed';

/**
 * Real volumes (TESTING.md §3): several hundred rows of every resource, every list at its largest
 * page with every `with=` relation, every bulk write at several times D1's 100 bound variables.
 * Rows are seeded straight into D1 (cloned from rows the API made); everything is asserted
 * through the API.
 */

const N = 600; // users, referrals, rewards, events, deliveries
const C = 300; // campaigns, voucher pools
const at = (i: number) => new Date(Date.UTC(2027, 0, 1) - i * 1000).toISOString(); // newest first: i = 0 leads every list

let key: string;
let environmentId: string;
let campaignId: string;
let referrerId: string;
let poolId: string;
let endpointId: string;
const STATUSES = ['pending', 'approved', 'paid'] as const;

beforeAll(async () => {
  const ws = await workspace('Volume');
  key = ws.test.adminKey;
  environmentId = ws.test.environmentId;
  const made = await campaignWithReferrer(key, 'vol', [cash(100, { approval: 'manual' })]);
  campaignId = made.campaignId;
  referrerId = made.referrerId;
  const first = await signup(key, made.code, 'friend-template');
  const refereeId = (await env.DB.prepare('SELECT referee_id AS id FROM referrals WHERE id = ?').bind(first.id).first<{ id: string }>())?.id as string;
  const templateReward = first.rewards[0]?.id as string;

  await cloneRows('campaigns', { column: 'id', value: campaignId }, C, (i) => ({ id: `cmp_vol_${pad(i)}`, name: `Volume ${i}`, is_default: 0, created_at: at(i) }));
  await cloneRows('users', { column: 'id', value: refereeId }, N, (i) => ({
    id: `usr_vol_${pad(i)}`,
    external_id: `vol-${i}`,
    referral_code: `VOL${pad(i)}`,
    // Users 0–299 were referred by users 300–599: a first page names 250 different referrers.
    referrer_id: i < N / 2 ? `usr_vol_${pad(i + N / 2)}` : null,
    campaign_id: `cmp_vol_${pad(i % C)}`,
    email: `vol${i}@example.com`,
    created_at: at(i),
  }));
  await cloneRows('referrals', { column: 'id', value: first.id }, N, (i) => ({
    id: `ref_vol_${pad(i)}`,
    referee_id: `usr_vol_${pad(i)}`,
    referrer_id: referrerId,
    dedupe_key: `vol-${i}`,
    created_at: at(i),
    occurred_at: at(i),
  }));
  await cloneRows('rewards', { column: 'id', value: templateReward }, N, (i) => {
    const status = STATUSES[i % 3] as (typeof STATUSES)[number];
    return {
      id: `rwd_vol_${pad(i)}`,
      referral_id: `ref_vol_${pad(i)}`,
      user_id: `usr_vol_${pad(i)}`,
      status,
      status_reason: status === 'pending' ? 'awaiting_approval' : null,
      approved_at: status === 'pending' ? null : at(i),
      paid_at: status === 'paid' ? at(i) : null,
      budget_charged: 0,
      created_at: at(i),
    };
  });
  const templateEvent = (await env.DB.prepare('SELECT id FROM events WHERE environment_id = ? LIMIT 1').bind(environmentId).first<{ id: string }>())?.id as string;
  await cloneRows('events', { column: 'id', value: templateEvent }, N, (i) => ({ id: `evt_vol_${pad(i)}`, created_at: at(i), dispatched_at: at(i) }));

  const pool = await call('POST', '/v1/voucher-pools', { key, body: { name: 'Volume pool' } });
  expect(pool.status).toBe(201);
  poolId = pool.json.id;
  await cloneRows('voucher_pools', { column: 'id', value: poolId }, C, (i) => ({ id: `vpl_vol_${pad(i)}`, name: `Pool ${i}`, created_at: at(i) }));

  // A disabled endpoint: its deliveries are listed, nothing is sent anywhere.
  const endpoint = await call('POST', '/v1/webhook-endpoints', { key, body: { url: 'https://hooks.example.com/volume', events: ['*'], enabled: false } });
  expect(endpoint.status).toBe(201);
  endpointId = endpoint.json.id;
  await env.DB.batch(
    Array.from({ length: N }, (_, i) =>
      env.DB.prepare(
        "INSERT INTO webhook_deliveries (id, environment_id, endpoint_id, event_id, event_type, status, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, 'user.created', 'succeeded', 1, ?, ?)",
      ).bind(`whd_vol_${pad(i)}`, environmentId, endpointId, `evt_vol_${pad(i)}`, at(i), at(i)),
    ),
  );
});

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON read loosely by the assertions below
type Item = Record<string, any>;

/** Every page of a list at per_page=250, each answer a 200; returns the items in order. */
async function allPages(path: string, query = ''): Promise<{ items: Item[]; total: number; pages: number }> {
  const items: Item[] = [];
  let total = -1;
  let pages = 0;
  for (let page = 1; ; page++) {
    const res = await call('GET', `${path}?per_page=${MAX_PER_PAGE}&page=${page}${query}`, { key });
    if (res.status !== 200) throw new Error(`${path} page ${page}${query}: ${res.status} ${res.text.slice(0, 500)}`);
    expect(res.json.meta.per_page).toBe(MAX_PER_PAGE);
    total = res.json.meta.total;
    items.push(...res.json.data);
    pages++;
    if (res.json.data.length < MAX_PER_PAGE || !res.json.links.next) break;
  }
  expect(items).toHaveLength(total);
  expect(new Set(items.map((x) => x.id)).size).toBe(total);
  return { items, total, pages };
}

const idsOf = async (sql: string, ...binds: unknown[]) => (await env.DB.prepare(sql).bind(...binds).all<{ id: string }>()).results.map((r) => r.id).sort();

describe('every list at its largest page, with every relation', () => {
  it('users, with=all: referrers, campaigns and rewards of 250 users per page', async () => {
    const { items, total, pages } = await allPages('/v1/users', '&with=all');
    expect(total).toBe(await countRows('SELECT count(*) AS n FROM users WHERE environment_id = ? AND deleted_at IS NULL', environmentId));
    expect(total).toBeGreaterThanOrEqual(N);
    expect(pages).toBeGreaterThanOrEqual(3);
    const byId = new Map(items.map((u) => [u.id, u]));
    for (let i = 0; i < N; i++) {
      const u = byId.get(`usr_vol_${pad(i)}`);
      expect(u, `usr_vol_${pad(i)}`).toBeDefined();
      expect(u?.campaign?.id).toBe(`cmp_vol_${pad(i % C)}`);
      if (i < N / 2) {
        expect(u?.referrer?.id).toBe(`usr_vol_${pad(i + N / 2)}`);
        expect(u?.referred_by).toBe(`VOL${pad(i + N / 2)}`);
      } else expect(u?.referrer).toBeNull();
      const status = STATUSES[i % 3];
      expect(u?.rewards_due.map((r: { id: string }) => r.id)).toEqual(status === 'paid' ? [] : [`rwd_vol_${pad(i)}`]);
      expect(u?.rewards_issued.map((r: { id: string }) => r.id)).toEqual(status === 'paid' ? [`rwd_vol_${pad(i)}`] : []);
    }
  });

  it.each(['referrer', 'campaign', 'rewards_due', 'rewards_issued'])('users, with=%s alone, first page of 250', async (relation) => {
    const res = await call('GET', `/v1/users?per_page=${MAX_PER_PAGE}&with=${relation}`, { key });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.json.data).toHaveLength(MAX_PER_PAGE);
    expect(res.json.data.every((u: Record<string, unknown>) => relation in u)).toBe(true);
  });

  it('one user with=all', async () => {
    const res = await call('GET', `/v1/users/usr_vol_${pad(1)}?with=all`, { key });
    expect(res.status).toBe(200);
    expect(res.json.referrer.id).toBe(`usr_vol_${pad(1 + N / 2)}`);
    expect(res.json.rewards_due.map((r: { id: string }) => r.id)).toEqual([`rwd_vol_${pad(1)}`]);
  });

  it("referrals: each of 250 per page carries its own rewards (the Overview's call)", async () => {
    const { items, total } = await allPages('/v1/referrals');
    expect(total).toBe(await countRows('SELECT count(*) AS n FROM referrals WHERE environment_id = ?', environmentId));
    const byId = new Map(items.map((r) => [r.id, r]));
    for (let i = 0; i < N; i++) expect(byId.get(`ref_vol_${pad(i)}`)?.rewards.map((w: { id: string }) => w.id)).toEqual([`rwd_vol_${pad(i)}`]);
  });

  it('rewards', async () => {
    const { items } = await allPages('/v1/rewards');
    expect(items.map((r) => r.id).sort()).toEqual(await idsOf('SELECT id FROM rewards WHERE environment_id = ?', environmentId));
  });

  it('campaigns', async () => {
    const { items } = await allPages('/v1/campaigns');
    expect(items.map((r) => r.id).sort()).toEqual(await idsOf('SELECT id FROM campaigns WHERE environment_id = ?', environmentId));
  });

  it('events', async () => {
    const { items } = await allPages('/v1/events');
    expect(items.map((r) => r.id).sort()).toEqual(await idsOf('SELECT id FROM events WHERE environment_id = ?', environmentId));
  });

  it('voucher pools, with their stock', async () => {
    const { items } = await allPages('/v1/voucher-pools');
    expect(items.map((r) => r.id).sort()).toEqual(await idsOf('SELECT id FROM voucher_pools WHERE environment_id = ?', environmentId));
    expect(items.every((p) => p.stock && typeof p.stock.available === 'number')).toBe(true);
  });

  it('webhook deliveries of an endpoint', async () => {
    const { items } = await allPages(`/v1/webhook-endpoints/${endpointId}/deliveries`);
    expect(items.map((r) => r.id).sort()).toEqual(await idsOf('SELECT id FROM webhook_deliveries WHERE endpoint_id = ?', endpointId));
    expect(items.length).toBe(N);
  });

  it('a user balance over 600 rewards, 300 of them on a passed hold (released on read, one reward.approved event each)', async () => {
    await cloneRows('rewards', { column: 'id', value: 'rwd_vol_00000' }, N, (i) => ({
      id: `rwd_bal_${pad(i)}`,
      referral_id: null,
      user_id: referrerId,
      amount: 100,
      currency: 'USD',
      status: i < N / 2 ? 'pending' : 'paid',
      status_reason: i < N / 2 ? 'on_hold' : null,
      hold_until: i < N / 2 ? '2026-01-01T00:00:00.000Z' : null,
      approved_at: i < N / 2 ? null : at(i),
      paid_at: i < N / 2 ? null : at(i),
      created_at: at(i),
    }));
    const before = await countRows("SELECT count(*) AS n FROM events WHERE environment_id = ? AND type = 'reward.approved'", environmentId);
    const res = await call('GET', `/v1/users/${referrerId}/balance`, { key });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    const usd = res.json.currencies.find((c: { currency: string }) => c.currency === 'USD');
    expect(usd).toMatchObject({ approved: (N / 2) * 100, paid: (N / 2) * 100 });
    expect(await countRows("SELECT count(*) AS n FROM rewards WHERE id LIKE 'rwd_bal_%' AND status = 'approved'")).toBe(N / 2);
    expect((await countRows("SELECT count(*) AS n FROM events WHERE environment_id = ? AND type = 'reward.approved'", environmentId)) - before).toBe(N / 2);
  });

  it('API keys and webhook endpoints (unpaginated lists) with 300 of each', async () => {
    const templateKey = (await env.DB.prepare('SELECT id FROM api_keys WHERE environment_id = ? LIMIT 1').bind(environmentId).first<{ id: string }>())?.id as string;
    await cloneRows('api_keys', { column: 'id', value: templateKey }, C, (i) => ({ id: `key_vol_${pad(i)}`, name: `Volume ${i}`, key_hash: `vol-hash-${i}`, prefix: `rk_test_v${i}`, created_at: at(i) }));
    await cloneRows('webhook_endpoints', { column: 'id', value: endpointId }, C, (i) => ({ id: `whe_vol_${pad(i)}`, created_at: at(i) }));
    const keys = await call('GET', '/v1/api-keys', { key });
    expect(keys.status, keys.text.slice(0, 300)).toBe(200);
    expect(keys.json.data.length).toBe(await countRows('SELECT count(*) AS n FROM api_keys WHERE environment_id = ?', environmentId));
    const endpoints = await call('GET', '/v1/webhook-endpoints', { key });
    expect(endpoints.status, endpoints.text.slice(0, 300)).toBe(200);
    expect(endpoints.json.data).toHaveLength(C + 1);
  });

  it.each(['referrals', 'revenue', 'rewards'])('leaderboard by %s at its largest limit', async (by) => {
    const res = await call('GET', `/v1/campaigns/${campaignId}/leaderboard?by=${by}&limit=100`, { key });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
  });
});

describe('bulk writes at several times D1’s 100 bound variables', () => {
  it(`bulk reward actions on ${MAX_BULK_IDS} ids: every change applied, and one event per change as the single actions emit`, async () => {
    const ids = Array.from({ length: MAX_BULK_IDS }, (_, i) => `rwd_vol_${pad(i)}`);
    const pending = ids.filter((_, i) => i % 3 === 0);
    const events = (type: string) => countRows('SELECT count(*) AS n FROM events WHERE environment_id = ? AND type = ?', environmentId, type);
    const approvedBefore = await events('reward.approved');
    const res = await call('POST', '/v1/rewards/bulk', { key, body: { action: 'approve', ids } });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.json.summary).toEqual({ requested: MAX_BULK_IDS, succeeded: pending.length, failed: MAX_BULK_IDS - pending.length });
    expect(await countRows(`SELECT count(*) AS n FROM rewards WHERE status = 'approved' AND id IN (SELECT value FROM json_each(?))`, JSON.stringify(pending))).toBe(pending.length);
    expect((await events('reward.approved')) - approvedBefore).toBe(pending.length);

    const paidBefore = await events('reward.paid');
    const approved = ids.filter((_, i) => i % 3 !== 2);
    const pay = await call('POST', '/v1/rewards/bulk', { key, body: { action: 'pay', ids, payout_reference: 'vol-batch' } });
    expect(pay.status).toBe(200);
    expect(pay.json.summary.succeeded).toBe(approved.length);
    expect((await events('reward.paid')) - paidBefore).toBe(approved.length);

    const more = Array.from({ length: MAX_BULK_IDS }, (_, i) => `rwd_vol_${pad(i + 100)}`).filter((id) => Number(id.slice(-5)) >= MAX_BULK_IDS);
    const cancelledBefore = await events('reward.cancelled');
    const cancel = await call('POST', '/v1/rewards/bulk', { key, body: { action: 'cancel', ids: [...more, ...ids.slice(0, MAX_BULK_IDS - more.length)], reason: 'volume' } });
    expect(cancel.status).toBe(200);
    const cancellable = more.filter((id) => STATUSES[Number(id.slice(-5)) % 3] !== 'paid').length;
    expect(cancel.json.summary.succeeded).toBe(cancellable);
    expect((await events('reward.cancelled')) - cancelledBefore).toBe(cancellable);
  });

  it('user import of 100 rows (each referred by a different user): all created, each with its referrer and a user.created event', async () => {
    const before = await countRows("SELECT count(*) AS n FROM events WHERE environment_id = ? AND type = 'user.created'", environmentId);
    const rows = Array.from({ length: 100 }, (_, i) => ({ external_id: `imported-${i}`, email: `imp${i}@example.com`, name: `Imported ${i}`, referred_by: `vol${pad(i)}`, metadata: { i } }));
    const res = await call('POST', '/v1/users/import', { key, body: { rows } });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect({ created: res.json.created, existing: res.json.existing, rejected: res.json.rejected }).toEqual({ created: 100, existing: 0, rejected: 0 });
    const stored = await env.DB.prepare("SELECT external_id, referrer_id FROM users WHERE environment_id = ? AND external_id LIKE 'imported-%'").bind(environmentId).all<{ external_id: string; referrer_id: string }>();
    expect(new Map(stored.results.map((r) => [r.external_id, r.referrer_id]))).toEqual(new Map(rows.map((_, i) => [`imported-${i}`, `usr_vol_${pad(i)}`])));
    const after = await countRows("SELECT count(*) AS n FROM events WHERE environment_id = ? AND type = 'user.created'", environmentId);
    expect(after - before).toBe(100);
    const again = await call('POST', '/v1/users/import', { key, body: { rows } });
    expect({ created: again.json.created, existing: again.json.existing }).toEqual({ created: 0, existing: 100 });
  });

  it('voucher upload of the 5k fixture fills 300 waiting rewards, one voucher.assigned event each', async () => {
    const waitingTemplate = 'rwd_vol_00599';
    await cloneRows('rewards', { column: 'id', value: waitingTemplate }, C, (i) => ({
      id: `rwd_wait_${pad(i)}`,
      referral_id: null,
      user_id: `usr_vol_${pad(i)}`,
      type: 'voucher',
      amount: null,
      currency: null,
      voucher_pool_id: poolId,
      voucher_code: null,
      status: 'pending',
      status_reason: 'pool_empty',
      approved_at: null,
      paid_at: null,
      created_at: at(i),
    }));
    const before = await countRows("SELECT count(*) AS n FROM events WHERE environment_id = ? AND type = 'voucher.assigned'", environmentId);
    const csv = (env as unknown as { VOUCHERS_5K_CSV: string }).VOUCHERS_5K_CSV;
    const res = await call('POST', `/v1/voucher-pools/${poolId}/vouchers`, { key, body: csv, headers: { 'content-type': 'text/csv' } });
    expect(res.status, res.text.slice(0, 300)).toBe(201);
    expect(res.json.inserted).toBe(await countRows('SELECT count(*) AS n FROM vouchers WHERE pool_id = ?', poolId));
    expect(res.json.inserted).toBeGreaterThanOrEqual(4000);
    expect(res.json.rewards_filled).toBe(C);
    expect(await countRows("SELECT count(*) AS n FROM rewards WHERE id LIKE 'rwd_wait_%' AND voucher_code IS NOT NULL")).toBe(C);
    const after = await countRows("SELECT count(*) AS n FROM events WHERE environment_id = ? AND type = 'voucher.assigned'", environmentId);
    expect(after - before).toBe(C);
    const list = await call('GET', `/v1/voucher-pools/${poolId}`, { key });
    expect(list.json.stock).toMatchObject({ assigned: C, total: res.json.inserted, waiting_rewards: 0 });
  });
});
