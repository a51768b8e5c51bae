import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';
import { campaignWithReferrer } from '../rewards-setup';

let key: string;
let n = 0;

beforeAll(async () => {
  const ws = await workspace('Ledger');
  key = await standardKey(ws.test.adminKey);
});

/** A campaign whose sales pay the referrer 10% (cash) and a fixed 300 credit, to a fresh referrer. */
async function saleCampaign(extra: Record<string, unknown> = {}) {
  n++;
  const rules = [
    { id: 'pct', trigger: 'sale', recipients: { referrer: { type: 'percentage', percent: 10 } }, ...extra },
    { id: 'fixed', trigger: 'sale', recipients: { referrer: { type: 'credit', amount: 300, currency: 'USD' } } },
  ];
  return campaignWithReferrer(key, `l${n}`, rules);
}

async function sale(code: string, order: string, amount: number) {
  const res = await call('POST', '/v1/referrals', { key, body: { type: 'sale', code, amount, currency: 'USD', order_id: order, referee: { external_id: `buyer-${order}` } } });
  expect(res.status, res.text).toBe(201);
  return res.json as { rewards: { id: string; rule_id: string; amount: number }[] };
}

const refund = (order: string, body: Record<string, unknown> = {}) => call('POST', '/v1/referrals', { key, body: { type: 'refund', order_id: order, ...body } });
const reward = async (id: string) => (await call('GET', `/v1/rewards/${id}`, { key })).json;
const balance = async (user: string) => (await call('GET', `/v1/users/${user}/balance`, { key })).json;
const cashOf = (b: { ledger: { kind: string; currency: string | null }[] }) => b.ledger.find((l) => l.kind === 'cash' && l.currency === 'USD');

/** The `reward.reversed` events of one reward, oldest first: what a webhook subscriber saw. */
async function reversedEvents(rewardId: string) {
  const res = await call('GET', '/v1/events?filters[0][field]=type&filters[0][value]=reward.reversed&per_page=250&order[direction]=asc', { key });
  expect(res.status, res.text).toBe(200);
  return (res.json.data as { data: { id: string; reversed_amount: number; status: string; needs_review: boolean } }[]).map((e) => e.data).filter((d) => d.id === rewardId);
}

async function entries(user: string) {
  const res = await call('GET', `/v1/users/${user}/ledger?per_page=250&order[direction]=asc`, { key });
  expect(res.status, res.text).toBe(200);
  return res.json.data as { type: string; kind: string; currency: string | null; amount: number; pending: number; available: number; paid: number; reason: string; reward_id: string | null; referral_id: string | null }[];
}

describe('the ledger', () => {
  it('writes an entry per change and the balance is their sum', async () => {
    const { code, referrerId } = await saleCampaign();
    const { rewards } = await sale(code, `o${n}`, 12_345);
    const pct = rewards.find((r) => r.rule_id === 'pct') as { id: string; amount: number };
    expect(pct.amount).toBe(1_234);
    const list = await entries(referrerId);
    expect(list.map((e) => [e.type, e.kind, e.available])).toEqual(expect.arrayContaining([['earned', 'cash', 1_234], ['earned', 'credit', 300]]));
    const b = await balance(referrerId);
    for (const t of b.ledger) {
      const mine = list.filter((e) => e.kind === t.kind && e.currency === t.currency);
      expect([t.pending, t.available, t.paid]).toEqual([mine.reduce((s, e) => s + e.pending, 0), mine.reduce((s, e) => s + e.available, 0), mine.reduce((s, e) => s + e.paid, 0)]);
    }
  });

  it('a partial refund reduces the percentage reward in proportion and leaves the fixed one', async () => {
    const { code, referrerId } = await saleCampaign();
    const order = `o${n}`;
    const { rewards } = await sale(code, order, 10_000);
    const pct = rewards.find((r) => r.rule_id === 'pct')?.id as string;
    const fixed = rewards.find((r) => r.rule_id === 'fixed')?.id as string;
    expect((await refund(order, { amount: 2_500, currency: 'USD', refund_id: 're_1' })).status).toBe(201);
    expect(await reward(pct)).toMatchObject({ status: 'approved', amount: 1_000, reversed_amount: 250 });
    expect(await reward(fixed)).toMatchObject({ status: 'approved', amount: 300, reversed_amount: 0 });
    // Subscribers hear of the reduction: reward.reversed, for the reduced reward only.
    expect(await reversedEvents(pct)).toMatchObject([{ reversed_amount: 250, status: 'approved' }]);
    expect(await reversedEvents(fixed)).toEqual([]);
    // The same refund again is a duplicate; a second partial refund adds up.
    expect((await refund(order, { amount: 2_500, currency: 'USD', refund_id: 're_1' })).status).toBe(200);
    expect((await refund(order, { amount: 5_000, currency: 'USD', refund_id: 're_2' })).status).toBe(201);
    expect(await reward(pct)).toMatchObject({ status: 'approved', reversed_amount: 750 });
    expect(await reversedEvents(pct)).toMatchObject([{ reversed_amount: 250 }, { reversed_amount: 750 }]);
    expect(cashOf(await balance(referrerId))).toMatchObject({ available: 250 });
    const reversed = (await entries(referrerId)).filter((e) => e.type === 'reversed');
    expect(reversed.map((e) => [e.available, e.reason])).toEqual([[-250, 'partial_refund'], [-500, 'partial_refund']]);
    expect(reversed.every((e) => e.referral_id?.startsWith('ref_'))).toBe(true);
    // The rest refunded: the refund is full, both rewards are reversed.
    expect((await refund(order, { amount: 2_500, currency: 'USD', refund_id: 're_3' })).status).toBe(201);
    expect(await reward(pct)).toMatchObject({ status: 'cancelled', status_reason: 'refunded' });
    expect(await reward(fixed)).toMatchObject({ status: 'cancelled', status_reason: 'refunded' });
    const b = await balance(referrerId);
    expect(b.ledger.map((l: { available: number }) => l.available)).toEqual([0, 0]);
  });

  it('a refund in another currency than the sale is refused and changes nothing', async () => {
    const { code } = await saleCampaign();
    const { rewards } = await sale(code, `o${n}`, 10_000);
    const res = await refund(`o${n}`, { amount: 100, currency: 'EUR' });
    expect(res.json).toMatchObject({ status: 'rejected', reasons: [{ reason: 'currency_mismatch' }] });
    expect(await reward(rewards[0]?.id as string)).toMatchObject({ reversed_amount: 0, status: 'approved' });
  });
});

describe('debits', () => {
  it('spends credit, never below zero, once per reference', async () => {
    const { code, referrerId } = await saleCampaign();
    await sale(code, `o${n}`, 1_000);
    const debit = (amount: number, reference?: string) => call('POST', `/v1/users/${referrerId}/balance/debit`, { key, body: { kind: 'credit', currency: 'USD', amount, reference } });
    const first = await debit(200, 'checkout-1');
    expect(first.status, first.text).toBe(201);
    expect(first.json.entry).toMatchObject({ type: 'spent', kind: 'credit', available: -200 });
    expect((await debit(200, 'checkout-1')).status).toBe(200);
    expectProblem(await debit(999, 'checkout-1'), 409);
    const over = expectProblem(await debit(101), 409);
    expect(over.type).toContain('insufficient-balance');
    // Racing debits of the whole rest: exactly one wins.
    const race = await Promise.all([debit(100), debit(100), debit(100)]);
    expect(race.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const debited = (await call('GET', '/v1/events?filters[0][field]=type&filters[0][value]=balance.debited&per_page=250', { key })).json.data as { data: { user_id: string; available: number } }[];
    expect(debited.filter((e) => e.data.user_id === referrerId).map((e) => e.data.available).sort((a, b) => a - b)).toEqual([-200, -100]);
    const b = await balance(referrerId);
    expect(b.credit[0].balance).toBe(0);
    expect(b.ledger.find((l: { kind: string }) => l.kind === 'credit')).toMatchObject({ available: 0 });
  });

  it('refuses bad input with the one error shape', async () => {
    const { referrerId } = await saleCampaign();
    expectProblem(await call('POST', `/v1/users/${referrerId}/balance/debit`, { key, body: { kind: 'credit', amount: 1 } }), 400);
    expectProblem(await call('POST', `/v1/users/${referrerId}/balance/debit`, { key, body: { kind: 'points', currency: 'USD', amount: 1 } }), 400);
    expectProblem(await call('POST', `/v1/users/${referrerId}/balance/debit`, { key, body: { kind: 'cash', currency: 'USD', amount: 1 } }), 400);
    expectProblem(await call('POST', `/v1/users/${referrerId}/balance/debit`, { key, body: { kind: 'points', amount: 1.5 } }), 400);
    expectProblem(await call('POST', '/v1/users/nobody/balance/debit', { key, body: { kind: 'points', amount: 1 } }), 404);
    expect((await entries(referrerId)).filter((e) => e.type === 'spent')).toEqual([]);
  });
});

describe('payouts', () => {
  it('pays a batch, nets a refund after payout off the next one, and never pays a reversed reward', async () => {
    const { code, referrerId } = await saleCampaign();
    const a = `o${n}a`;
    const b = `o${n}b`;
    const first = await sale(code, a, 10_000); // 1,000 cash
    const created = await call('POST', '/v1/payouts', { key, body: { currency: 'USD' } });
    expect(created.status, created.text).toBe(201);
    const payoutId = created.json.id as string;
    const mine = (await call('GET', `/v1/payouts/${payoutId}/lines?filters[0][field]=user_id&filters[0][value]=${referrerId}`, { key })).json.data;
    expect(mine).toMatchObject([{ amount: 1_000, carried: 0, status: 'pending' }]);
    // Reserved: a single pay is refused, a second batch leaves the user out.
    const pct = first.rewards.find((r) => r.rule_id === 'pct')?.id as string;
    expectProblem(await call('POST', `/v1/rewards/${pct}/pay`, { key }), 409);
    const paid = await call('POST', `/v1/payouts/${payoutId}/paid`, { key, body: { reference: 'PAYOUTBATCH-1' } });
    expect(paid.status, paid.text).toBe(200);
    expect(paid.json.status).toBe('paid');
    expect(await reward(pct)).toMatchObject({ status: 'paid', payout_id: payoutId, payout_reference: 'PAYOUTBATCH-1' });
    expect(cashOf(await balance(referrerId))).toMatchObject({ available: 0, paid: 1_000 });
    expectProblem(await call('POST', `/v1/payouts/${payoutId}/paid`, { key, body: {} }), 409);

    // Refunded after payout: owed back, flagged, in the review queue.
    expect((await refund(a)).status).toBe(201);
    expect(await reward(pct)).toMatchObject({ status: 'paid', reversed_amount: 1_000, needs_review: true });
    expect(await reversedEvents(pct)).toMatchObject([{ reversed_amount: 1_000, status: 'paid', needs_review: true }]);
    expect(cashOf(await balance(referrerId))).toMatchObject({ available: -1_000, paid: 1_000, owed_back: 1_000 });
    const queue = (await call('GET', '/v1/review-queue?per_page=250', { key })).json.data as { id: string; review_reason: string }[];
    expect(queue.find((q) => q.id === pct)?.review_reason).toBe('refunded_after_payout');

    // The next sale (2,500) is netted: the line pays 1,500.
    await sale(code, b, 25_000);
    const owed = await call('GET', '/v1/payouts/owed?currency=USD', { key });
    expect(owed.status, owed.text).toBe(200);
    expect(owed.json.data.find((o: { user_id: string }) => o.user_id === referrerId)).toMatchObject({ currency: 'USD', payable: 1_500, carried: -1_000, waiting: 0 });
    const next = await call('POST', '/v1/payouts', { key, body: { currency: 'USD', minimum: 100 } });
    expect(next.status, next.text).toBe(201);
    const line = (await call('GET', `/v1/payouts/${next.json.id}/lines?filters[0][field]=user_id&filters[0][value]=${referrerId}`, { key })).json.data[0];
    expect(line).toMatchObject({ amount: 1_500, carried: -1_000 });
    expect((await call('POST', `/v1/payouts/${next.json.id}/paid`, { key, body: { reference: 'PAYOUTBATCH-2' } })).status).toBe(200);
    expect(cashOf(await balance(referrerId))).toMatchObject({ available: 0, paid: 2_500, owed_back: 0 });
    // Each change wrote its webhook event with it.
    for (const type of ['payout.created', 'payout.paid']) {
      const events = (await call('GET', `/v1/events?filters[0][field]=type&filters[0][value]=${type}&per_page=250`, { key })).json.data as { data: { id: string } }[];
      expect(events.map((e) => e.data.id), type).toEqual(expect.arrayContaining([payoutId, next.json.id]));
    }
  });

  it('a failed line goes back to owed; a reward refunded inside an open batch is not paid', async () => {
    const { code, referrerId } = await saleCampaign();
    const s1 = await sale(code, `o${n}x`, 10_000);
    const s2 = await sale(code, `o${n}y`, 20_000);
    const batch = (await call('POST', '/v1/payouts', { key, body: {} })).json.id as string;
    const failed = await call('POST', `/v1/payouts/${batch}/failed`, { key, body: { reason: 'bounced' } });
    expect(failed.status, failed.text).toBe(200);
    const failedEvents = (await call('GET', '/v1/events?filters[0][field]=type&filters[0][value]=payout.failed', { key })).json.data as { data: { id: string } }[];
    expect(failedEvents.map((e) => e.data.id)).toContain(batch);
    const r1 = s1.rewards.find((r) => r.rule_id === 'pct')?.id as string;
    const r2 = s2.rewards.find((r) => r.rule_id === 'pct')?.id as string;
    expect(await reward(r1)).toMatchObject({ status: 'approved', payout_id: null });
    const again = (await call('POST', '/v1/payouts', { key, body: {} })).json.id as string;
    expect((await refund(`o${n}x`)).status).toBe(201);
    expect((await call('POST', `/v1/payouts/${again}/paid`, { key, body: {} })).status).toBe(200);
    expect(await reward(r1)).toMatchObject({ status: 'cancelled' });
    expect(await reward(r2)).toMatchObject({ status: 'paid' });
    // The line paid 3,000 (both rewards); the reversed one's 1,000 is owed back.
    expect(cashOf(await balance(referrerId))).toMatchObject({ available: -1_000, paid: 3_000, owed_back: 1_000 });
  });

  it('two batches made at once never take the same reward', async () => {
    const ws = await workspace('Ledger race');
    const own = await standardKey(ws.test.adminKey);
    const made = await campaignWithReferrer(own, 'race', [{ id: 'pct', trigger: 'sale', recipients: { referrer: { type: 'percentage', percent: 10 } } }]);
    for (const o of ['r1', 'r2', 'r3']) expect((await call('POST', '/v1/referrals', { key: own, body: { type: 'sale', code: made.code, amount: 10_000, currency: 'USD', order_id: o } })).status).toBe(201);
    const race = await Promise.all([1, 2, 3].map(() => call('POST', '/v1/payouts', { key: own, body: {} })));
    expect(race.map((r) => r.status).sort()).toEqual([201, 422, 422]);
    const won = race.find((r) => r.status === 201)?.json;
    expect(won.totals).toMatchObject([{ currency: 'USD', amount: 3_000, lines: 1 }]);
    const reserved = (await call('GET', '/v1/rewards?per_page=250', { key: own })).json.data.map((r: { payout_id: string | null }) => r.payout_id);
    expect(reserved).toEqual([won.id, won.id, won.id]);
  });

  it('exports PayPal, Wise, CSV and JSON', async () => {
    // Its own environment: every line of the batch is this test's.
    const ws = await workspace('Ledger exports');
    const own = await standardKey(ws.test.adminKey);
    const { code, referrerId } = await campaignWithReferrer(own, 'export', [{ id: 'pct', trigger: 'sale', recipients: { referrer: { type: 'percentage', percent: 10 } } }]);
    expect((await call('PATCH', `/v1/users/${referrerId}`, { key: own, body: { email: 'rae@example.com', name: 'Rae, "the" saver' } })).status).toBe(200);
    const sold = await call('POST', '/v1/referrals', { key: own, body: { type: 'sale', code, amount: 12_345, currency: 'USD', order_id: 'x1' } });
    expect(sold.status, sold.text).toBe(201);
    const batch = (await call('POST', '/v1/payouts', { key: own, body: { currency: 'USD' } })).json.id as string;
    const [mine] = (await call('GET', `/v1/payouts/${batch}/lines`, { key: own })).json.data as { id: string }[];
    const paypal = await call('GET', `/v1/payouts/${batch}/export?format=paypal`, { key: own });
    expect(paypal.status, paypal.text).toBe(200);
    expect(paypal.text).toBe(`rae@example.com,12.34,USD,${mine?.id},Referral rewards ${batch},PAYPAL\r\n`);
    const wise = await call('GET', `/v1/payouts/${batch}/export?format=wise`, { key: own });
    expect(wise.text).toBe(`name,recipientEmail,paymentReference,receiverType,amountCurrency,amount,sourceCurrency,targetCurrency\r\n"Rae, ""the"" saver",rae@example.com,${mine?.id},PRIVATE,USD,12.34,USD,USD\r\n`);
    const csv = await call('GET', `/v1/payouts/${batch}/export?format=csv`, { key: own });
    expect(csv.text.split('\r\n')[0]).toBe('line_id,user_id,external_id,name,email,currency,amount_minor,amount,carried_minor,status,reference');
    expect(csv.text).toContain(`${mine?.id},${referrerId},referrer-export,"Rae, ""the"" saver",rae@example.com,USD,1234,12.34,0,pending,`);
    const json = await call('GET', `/v1/payouts/${batch}/export?format=json`, { key: own });
    expect(json.json.lines).toMatchObject([{ id: mine?.id, amount: 1_234, email: 'rae@example.com', status: 'pending' }]);
    expectProblem(await call('GET', `/v1/payouts/${batch}/export?format=xml`, { key: own }), 400);
    // Paid lines leave the rails' files; the generic ones keep them with their status.
    expect((await call('POST', `/v1/payouts/${batch}/paid`, { key: own, body: { reference: 'PP-1' } })).status).toBe(200);
    expect((await call('GET', `/v1/payouts/${batch}/export?format=paypal`, { key: own })).text).toBe('');
    expect((await call('GET', `/v1/payouts/${batch}/export?format=csv`, { key: own })).text).toContain(',paid,PP-1\r\n');
  });

  it('refuses a rail file with a recipient it cannot pay, naming them', async () => {
    const { code, referrerId } = await saleCampaign();
    await sale(code, `o${n}`, 50_000);
    const batch = (await call('POST', '/v1/payouts', { key, body: {} })).json.id as string;
    const problem = expectProblem(await call('GET', `/v1/payouts/${batch}/export?format=wise`, { key }), 422);
    expect(problem.errors?.map((e) => e.field)).toContain(referrerId);
  });
});

describe('the review queue', () => {
  it('lists a reward refunded after payout; waive gives the reversal back, accept keeps it', async () => {
    const { code, referrerId } = await saleCampaign();
    const one = await sale(code, `o${n}w`, 10_000);
    const two = await sale(code, `o${n}k`, 20_000);
    const ids = [...one.rewards, ...two.rewards].filter((r) => r.rule_id === 'pct').map((r) => r.id);
    for (const id of ids) expect((await call('POST', `/v1/rewards/${id}/pay`, { key })).status).toBe(200);
    expect((await refund(`o${n}w`)).status).toBe(201);
    expect((await refund(`o${n}k`)).status).toBe(201);
    expect(cashOf(await balance(referrerId))).toMatchObject({ available: -3_000, owed_back: 3_000 });
    const queue = (await call('GET', `/v1/review-queue?filters[0][field]=user_id&filters[0][value]=${referrerId}`, { key })).json.data as { id: string; review_reason: string }[];
    expect(queue.map((q) => [q.id, q.review_reason]).sort()).toEqual(ids.map((id) => [id, 'refunded_after_payout']).sort());
    const waived = await call('POST', `/v1/rewards/${ids[0]}/review`, { key, body: { outcome: 'waive' } });
    expect(waived.json).toMatchObject({ needs_review: false, reversed_amount: 0, status: 'paid', review_reason: null });
    expect((await call('POST', `/v1/rewards/${ids[1]}/review`, { key, body: { outcome: 'accept' } })).json).toMatchObject({ needs_review: false, reversed_amount: 2_000 });
    expect(cashOf(await balance(referrerId))).toMatchObject({ available: -2_000, owed_back: 2_000 });
    expectProblem(await call('POST', `/v1/rewards/${ids[1]}/review`, { key, body: { outcome: 'accept' } }), 409);
    expectProblem(await call('POST', `/v1/rewards/${ids[1]}/review`, { key, body: { outcome: 'maybe' } }), 400);
    expect((await call('GET', `/v1/review-queue?filters[0][field]=user_id&filters[0][value]=${referrerId}`, { key })).json.data).toEqual([]);
  });
});
