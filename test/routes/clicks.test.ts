import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, standardKey, workspace } from '../helpers';
import { flushClicks, send } from '../share-links';

let key: string;
let otherKey: string;
let user: { id: string; referral_code: string; campaign_id: string };

beforeAll(async () => {
  const ws = await workspace('Clicks');
  key = await standardKey(ws.test.adminKey);
  otherKey = ws.live.adminKey;
  user = (await send('POST', '/v1/users', { key, body: { external_id: 'clicker', name: 'Cleo' } })).json;
});

const click = (body: unknown, k: string | null = key) => send('POST', '/v1/clicks', { key: k ?? undefined, body });
const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

describe('POST /v1/clicks', () => {
  it('counts a visit for the referrer, unique the first time', async () => {
    const res = await click({ code: user.referral_code.toLowerCase(), landing_url: `https://shop.example.com/?r=${user.referral_code}`, user_agent: ua, ip: '192.0.2.1' });
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ object: 'click', code: user.referral_code, user_id: user.id, campaign_id: user.campaign_id, counted: true, unique: true, reason: null });
    await flushClicks(user.campaign_id, user.id);
    expect((await send('GET', `/v1/users/${user.id}`, { key })).json).toMatchObject({ visits: 1, unique_visits: 1 });
  });

  it('counts a repeat visitor as a visit but not as unique', async () => {
    await click({ code: user.referral_code, user_agent: ua, ip: '192.0.2.2' });
    const res = await click({ code: user.referral_code, user_agent: ua, ip: '192.0.2.2' });
    expect(res.json).toMatchObject({ counted: true, unique: false });
  });

  it('does not count a bot', async () => {
    const res = await click({ code: user.referral_code, user_agent: 'Twitterbot/1.0' });
    expect(res.json).toMatchObject({ counted: false, unique: null, reason: 'bot' });
  });

  it('does not count a visit for a paused campaign', async () => {
    const campaign = await send('POST', '/v1/campaigns', { key, body: { name: 'On hold', status: 'paused' } });
    const paused = await send('POST', '/v1/users', { key, body: { external_id: 'on-hold', campaign_id: campaign.json.id } });
    const res = await click({ code: paused.json.referral_code });
    expect(res.json).toMatchObject({ counted: false, reason: 'campaign-not-live' });
  });

  it('refuses an unknown code with 422 naming the field', async () => {
    expect(expectProblem(await click({ code: 'NOPE-123456' }), 422).errors).toEqual([expect.objectContaining({ field: 'code' })]);
  });

  it("refuses another environment's code", async () => {
    expectProblem(await click({ code: user.referral_code }, otherKey), 422);
  });

  it("refuses a landing URL outside the campaign's allowed domains", async () => {
    const res = await click({ code: user.referral_code, landing_url: 'https://elsewhere.example/' });
    expect(expectProblem(res, 422).errors).toEqual([expect.objectContaining({ field: 'landing_url' })]);
  });

  it.each([
    ['no code', {}, 'code'],
    ['a code that is not a string', { code: 42 }, 'code'],
    ['an IP that is not one', { code: 'X', ip: '999.1.1.1' }, 'ip'],
    ['a landing URL that is not a URL', { code: 'X', landing_url: 'javascript:alert(1)' }, 'landing_url'],
    ['an unknown field', { code: 'X', referrer: 'me' }, 'referrer'],
  ])('answers 400 for %s', async (_what, body, field) => {
    expect(expectProblem(await click(body), 400).errors?.map((e) => e.field)).toContain(field);
  });

  it('needs an API key', async () => {
    expectProblem(await click({ code: user.referral_code }, null), 401);
  });
});
