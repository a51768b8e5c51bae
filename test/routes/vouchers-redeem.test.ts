import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';
import { campaignWithReferrer, signup } from '../rewards-setup';

let ws: Awaited<ReturnType<typeof workspace>>;
let key: string;
let n = 0;

beforeAll(async () => {
  ws = await workspace();
  key = await standardKey(ws.test.adminKey);
});

/** A campaign whose referees get a voucher on signup; with `qualify`, redeeming it earns the referrer $5. */
async function voucherCampaign(qualify: boolean) {
  n++;
  const pool = await call('POST', '/v1/voucher-pools', { key, body: { name: `Welcome ${n}` } });
  await call('POST', `/v1/voucher-pools/${pool.json.id}/vouchers`, { key, body: { codes: Array.from({ length: 5 }, (_, i) => `W${n}-${i}`) } });
  const rules: unknown[] = [{ id: 'welcome', trigger: 'signup', recipients: { referee: { type: 'voucher', pool_id: pool.json.id } } }];
  if (qualify) rules.push({ id: 'coupon', trigger: 'voucher_redeemed', recipients: { referrer: { type: 'cash', amount: 500, currency: 'USD' } } });
  const campaign = await campaignWithReferrer(key, `v${n}`, rules);
  const reward = (await signup(key, campaign.code, `v${n}-friend`)).rewards[0]?.id as string;
  const voucherCode = (await call('GET', `/v1/rewards/${reward}`, { key })).json.voucher_code as string;
  return { ...campaign, poolId: pool.json.id as string, voucherCode, spareCode: `W${n}-4` };
}

const redeem = (code: string) => call('POST', `/v1/vouchers/${encodeURIComponent(code)}/redeem`, { key });
const redemptionEvents = async (code: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM referrals WHERE type = 'voucher_redeemed' AND order_id = ?").bind(`voucher:${code}`).first<{ n: number }>())?.n;

describe('POST /v1/vouchers/{code}/redeem', () => {
  it("marks the voucher used and qualifies the referee where the campaign says so", async () => {
    const { voucherCode, referrerId } = await voucherCampaign(true);
    const res = await redeem(voucherCode);
    expect(res.status).toBe(200);
    expect(res.json.voucher).toMatchObject({ code: voucherCode, status: 'redeemed' });
    expect(res.json.voucher.redeemed_at).toEqual(expect.any(String));
    expect(res.json.referral).toMatchObject({ type: 'voucher_redeemed', status: 'qualified', referrer_id: referrerId });
    expect(res.json.referral.rewards.map((r: { recipient: string; amount: number }) => [r.recipient, r.amount])).toEqual([['referrer', 500]]);
  });

  it('only marks it used when the campaign has no voucher_redeemed rule', async () => {
    const { voucherCode } = await voucherCampaign(false);
    const res = await redeem(voucherCode);
    expect(res.json).toMatchObject({ voucher: { status: 'redeemed' }, referral: null });
    expect(await redemptionEvents(voucherCode)).toBe(0);
  });

  it('refuses a second redemption with a 409 naming the state', async () => {
    const { voucherCode } = await voucherCampaign(true);
    await redeem(voucherCode);
    const again = expectProblem(await redeem(voucherCode), 409);
    expect(again.type).toMatch(/voucher-already-redeemed$/);
    expect(again.errors).toEqual([{ field: 'status', message: 'redeemed' }]);
    expect(await redemptionEvents(voucherCode)).toBe(1);
  });

  it('lets one of 20 concurrent redemptions win and qualifies once', async () => {
    const { voucherCode } = await voucherCampaign(true);
    const results = await Promise.all(Array.from({ length: 20 }, () => redeem(voucherCode)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    expect(await redemptionEvents(voucherCode)).toBe(1);
  });

  it('marks the voucher of a cancelled reward used but qualifies nobody', async () => {
    const { voucherCode } = await voucherCampaign(true);
    const reward = (await env.DB.prepare('SELECT reward_id AS id FROM vouchers WHERE code = ?').bind(voucherCode).first<{ id: string }>())?.id as string;
    expect((await call('POST', `/v1/rewards/${reward}/cancel`, { key, body: { reason: 'fraud_suspected' } })).status).toBe(200);
    const res = await redeem(voucherCode);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ voucher: { status: 'redeemed' }, referral: null });
    expect(await redemptionEvents(voucherCode)).toBe(0);
  });

  it('refuses a code never given out (409) and an unknown one (404)', async () => {
    const { spareCode } = await voucherCampaign(true);
    expect(expectProblem(await redeem(spareCode), 409).errors).toEqual([{ field: 'status', message: 'available' }]);
    expectProblem(await redeem('NO-SUCH-CODE'), 404);
  });

  it("cannot redeem another environment's voucher", async () => {
    const { voucherCode } = await voucherCampaign(true);
    expectProblem(await call('POST', `/v1/vouchers/${voucherCode}/redeem`, { key: ws.live.adminKey }), 404);
    expect((await redeem(voucherCode)).status).toBe(200);
  });
});

describe('POST /hooks/{token}/qualify', () => {
  const hook = (url: string, init: { body?: string; type?: string } = {}) =>
    call('POST', new URL(url).pathname + new URL(url).search, { body: init.body, headers: init.type ? { 'content-type': init.type } : {} });

  it('issues a token to admin keys only, shown once', async () => {
    expectProblem(await call('POST', '/v1/inbound-hook/rotate', { key }), 403);
    const rotated = await call('POST', '/v1/inbound-hook/rotate', { key: ws.test.adminKey });
    expect(rotated.status).toBe(201);
    expect(rotated.json.url).toMatch(/\/hooks\/hk_[0-9A-Za-z]{40}\/qualify$/);
    const shown = await call('GET', '/v1/inbound-hook', { key: ws.test.adminKey });
    expect(shown.json).toMatchObject({ configured: true, token: null, url: null, token_prefix: rotated.json.token.slice(0, 10) });
  });

  it('redeems and qualifies with code= as a form, coupon= as JSON, or coupon= in the query', async () => {
    const { url } = (await call('POST', '/v1/inbound-hook/rotate', { key: ws.test.adminKey })).json;
    const a = await voucherCampaign(true);
    const b = await voucherCampaign(true);
    const c = await voucherCampaign(true);
    const form = await hook(url, { body: `code=${encodeURIComponent(a.voucherCode)}`, type: 'application/x-www-form-urlencoded' });
    const json = await hook(url, { body: JSON.stringify({ coupon: b.voucherCode }), type: 'application/json' });
    const query = await hook(`${url}?coupon=${encodeURIComponent(c.voucherCode)}`);
    for (const res of [form, json, query]) {
      expect(res.status, res.text).toBe(200);
      expect(res.json).toMatchObject({ voucher: { status: 'redeemed' }, referral: { type: 'voucher_redeemed', status: 'qualified' } });
    }
    expect(expectProblem(await hook(url, { body: `code=${a.voucherCode}`, type: 'application/x-www-form-urlencoded' }), 409).errors).toEqual([{ field: 'status', message: 'redeemed' }]);
  });

  it('refuses an old token after rotation, an unknown token, and a missing code', async () => {
    const old = (await call('POST', '/v1/inbound-hook/rotate', { key: ws.test.adminKey })).json.url;
    const current = (await call('POST', '/v1/inbound-hook/rotate', { key: ws.test.adminKey })).json.url;
    const { voucherCode } = await voucherCampaign(true);
    expectProblem(await hook(`${old}?code=${voucherCode}`), 404);
    expectProblem(await call('POST', `/hooks/hk_${'x'.repeat(40)}/qualify?code=${voucherCode}`), 404);
    expect(expectProblem(await hook(current), 400).errors?.map((e) => e.field)).toEqual(['code']);
    expect(expectProblem(await hook(current, { body: 'code', type: 'text/plain' }), 415).status).toBe(415);
    // Nothing was redeemed by the refused calls.
    expect((await redeem(voucherCode)).status).toBe(200);
  });

  it("cannot reach another environment's vouchers", async () => {
    const { voucherCode } = await voucherCampaign(true);
    const liveUrl = (await call('POST', '/v1/inbound-hook/rotate', { key: ws.live.adminKey })).json.url;
    expectProblem(await hook(`${liveUrl}?code=${voucherCode}`), 404);
    expect((await redeem(voucherCode)).status).toBe(200);
  });
});

describe('redemption that fails half-way', () => {
  it('leaves the voucher redeemable when qualifying fails, so the retry still pays the referrer once', async () => {
    const { voucherCode } = await voucherCampaign(true);
    const getByName = env.CAMPAIGN.getByName.bind(env.CAMPAIGN);
    // The campaign object cannot be reached while the redemption logs its event.
    const spy = vi.spyOn(env.CAMPAIGN, 'getByName').mockImplementation((name: string) => {
      const stub = getByName(name);
      return new Proxy(stub, { get: (t, p) => (p === 'record' ? () => Promise.reject(new Error('object unreachable')) : Reflect.get(t, p)) });
    });
    const failed = await redeem(voucherCode);
    spy.mockRestore();
    expect(failed.status).toBe(500);
    expect((await env.DB.prepare('SELECT status FROM vouchers WHERE code = ?').bind(voucherCode).first<{ status: string }>())?.status).toBe('assigned');

    const retry = await redeem(voucherCode);
    expect(retry.status).toBe(200);
    expect(retry.json.referral).toMatchObject({ type: 'voucher_redeemed', status: 'qualified' });
    expect(await redemptionEvents(voucherCode)).toBe(1);
    expectProblem(await redeem(voucherCode), 409);
  });
});
