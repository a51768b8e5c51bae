import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_PER_PAGE } from '../../worker/domain/limits';
import { call, workspace } from '../helpers';
import { campaignWithReferrer, cash, signup } from '../rewards-setup';
import { cloneRows, countRows, pad } from './seed';

/**
 * Real volumes for the ledger and payouts (TESTING.md §3): 1,200 users owed cash and one referrer
 * with 601 rewards, seeded into D1 by cloning rows the API made (the ledger triggers fire on every
 * insert, as they do for the Worker's own writes); a batch of 1,201 lines made, walked at the largest
 * page, exported and paid; the referrer's 1,202 entries walked and exported.
 */

const USERS = 1_200;
const OWN = 600;
const at = (i: number) => new Date(Date.UTC(2027, 0, 1) - i * 1000).toISOString();

let key: string;
let referrerId: string;
let expectedTotal = 0;

beforeAll(async () => {
  const ws = await workspace('Ledger volume');
  key = ws.test.adminKey;
  const made = await campaignWithReferrer(key, 'ledger-vol', [cash(100)]);
  referrerId = made.referrerId;
  expect((await call('PATCH', `/v1/users/${referrerId}`, { key, body: { email: 'rae@example.com' } })).status).toBe(200);
  const first = await signup(key, made.code, 'ledger-vol-friend');
  const template = first.rewards[0]?.id as string;
  const refereeRow = await call('GET', '/v1/users/ledger-vol-friend', { key });
  await cloneRows('users', { column: 'id', value: refereeRow.json.id }, USERS, (i) => ({
    id: `usr_lv_${pad(i)}`,
    external_id: `lv-${pad(i)}`,
    email: `lv${i}@example.com`,
    referral_code: `LV${pad(i)}`,
    created_at: at(i),
  }));
  await cloneRows('rewards', { column: 'id', value: template }, USERS, (i) => ({ id: `rwd_lv_${pad(i)}`, user_id: `usr_lv_${pad(i)}`, amount: 100 + i, created_at: at(i) }));
  await cloneRows('rewards', { column: 'id', value: template }, OWN, (i) => ({ id: `rwd_lvo_${pad(i)}`, amount: 1 + i, created_at: at(i) }));
  expectedTotal = 100 + Array.from({ length: USERS }, (_, i) => 100 + i).reduce((s, v) => s + v, 0) + Array.from({ length: OWN }, (_, i) => 1 + i).reduce((s, v) => s + v, 0);
});

async function walk(path: string) {
  const out: Record<string, unknown>[] = [];
  for (let page = 1; ; page++) {
    const res = await call('GET', `${path}${path.includes('?') ? '&' : '?'}per_page=${MAX_PER_PAGE}&page=${page}`, { key });
    expect(res.status, res.text).toBe(200);
    out.push(...res.json.data);
    if (page >= res.json.meta.last_page) return { rows: out, total: res.json.meta.total as number };
  }
}

describe('ledger and payouts at volume', () => {
  it('every seeded reward has its entry', async () => {
    expect(await countRows("SELECT count(*) AS n FROM ledger_entries WHERE type = 'earned' AND (reward_id LIKE 'rwd_lv%')")).toBe(USERS + OWN);
  });

  it('who is owed: 1,201 users walked at the largest page, largest first, summing to what a batch pays', async () => {
    const { rows, total } = await walk('/v1/payouts/owed?currency=USD');
    expect(total).toBe(USERS + 1);
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(USERS + 1);
    const payable = rows.map((r) => r.payable as number);
    expect(payable).toEqual([...payable].sort((x, y) => y - x));
    expect(payable.reduce((s, v) => s + v, 0)).toBe(expectedTotal);
    const past = await call('GET', `/v1/payouts/owed?per_page=${MAX_PER_PAGE}&page=99`, { key });
    expect(past.json).toMatchObject({ data: [], meta: { total: USERS + 1, current_page: 99 } });
    expect((await call('GET', `/v1/payouts/owed?per_page=${MAX_PER_PAGE + 1}`, { key })).status).toBe(400);
  });

  it('a batch of 1,201 lines: listed at the largest page, exported, paid', async () => {
    const created = await call('POST', '/v1/payouts', { key, body: { currency: 'USD' } });
    expect(created.status, created.text).toBe(201);
    expect(created.json.totals).toEqual([{ currency: 'USD', amount: expectedTotal, lines: USERS + 1, pending: USERS + 1, paid: 0, failed: 0 }]);
    const id = created.json.id as string;
    const { rows, total } = await walk(`/v1/payouts/${id}/lines`);
    expect(total).toBe(USERS + 1);
    expect(new Set(rows.map((r) => r.id)).size).toBe(USERS + 1);
    expect(rows.reduce((s, r) => s + (r.amount as number), 0)).toBe(expectedTotal);

    const csv = await call('GET', `/v1/payouts/${id}/export?format=csv`, { key });
    expect(csv.text.trim().split('\r\n')).toHaveLength(USERS + 2);
    const paypal = await call('GET', `/v1/payouts/${id}/export?format=paypal`, { key });
    expect(paypal.status, paypal.text.slice(0, 300)).toBe(200);
    expect(paypal.text.trim().split('\r\n')).toHaveLength(USERS + 1);

    const paid = await call('POST', `/v1/payouts/${id}/paid`, { key, body: { reference: 'PP-VOLUME' } });
    expect(paid.status, paid.text).toBe(200);
    expect(paid.json.status).toBe('paid');
    expect(await countRows("SELECT count(*) AS n FROM rewards WHERE payout_id = ? AND status = 'paid'", id)).toBe(USERS + OWN + 1);
    // Nothing owed any more, and no line got a netting entry (every line paid exactly its rewards).
    expect(await countRows("SELECT count(*) AS n FROM ledger_entries WHERE payout_id = ? AND reason = 'payout_netting'", id)).toBe(0);
    expect((await call('GET', '/v1/payouts/owed?currency=USD', { key })).json).toMatchObject({ data: [], meta: { total: 0 } });
  });

  it("a referrer's 1,202 entries: walked at the largest page, summed to the balance, exported", async () => {
    const { rows, total } = await walk(`/v1/users/${referrerId}/ledger`);
    expect(total).toBe(2 * (OWN + 1));
    const balance = (await call('GET', `/v1/users/${referrerId}/balance`, { key })).json;
    const sum = (k: string) => rows.reduce((s, r) => s + (r[k] as number), 0);
    expect(balance.ledger).toEqual([{ kind: 'cash', currency: 'USD', pending: sum('pending'), available: sum('available'), paid: sum('paid'), owed_back: 0 }]);
    expect(sum('available')).toBe(0);
    const csv = await call('GET', `/v1/users/${referrerId}/ledger/export`, { key });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.trim().split('\r\n')).toHaveLength(2 * (OWN + 1) + 1);
  });
});
