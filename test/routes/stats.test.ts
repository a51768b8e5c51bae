import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { utcDay } from '../../worker/domain/visitor';
import { expectProblem, standardKey, workspace } from '../helpers';
import { flushClicks, follow, send } from '../share-links';

let key: string;
let environmentId: string;
let jane: { id: string; referral_code: string; campaign_id: string };
let mark: { id: string; campaign_id: string };
let otherCampaign: string;

const seed = (userId: string, campaignId: string, day: string, visits: number, unique: number) =>
  env.DB.prepare('INSERT INTO visit_days (environment_id, campaign_id, user_id, day, visits, unique_visits) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(environmentId, campaignId, userId, day, visits, unique)
    .run();

beforeAll(async () => {
  const ws = await workspace('Stats');
  key = await standardKey(ws.test.adminKey);
  environmentId = ws.test.environmentId;
  otherCampaign = (await send('POST', '/v1/campaigns', { key, body: { name: 'Other' } })).json.id;
  jane = (await send('POST', '/v1/users', { key, body: { external_id: 'jane', name: 'Jane' } })).json;
  mark = (await send('POST', '/v1/users', { key, body: { external_id: 'mark', name: 'Mark', campaign_id: otherCampaign } })).json;
  await seed(jane.id, jane.campaign_id, '2026-03-01', 5, 3);
  await seed(jane.id, jane.campaign_id, '2026-03-03', 2, 2);
  await seed(mark.id, otherCampaign, '2026-03-03', 10, 1);
});

const stats = (query: string) => send('GET', `/v1/stats?${query}`, { key });

describe('GET /v1/stats', () => {
  it('lists every day of the range with the visits of the whole environment', async () => {
    const res = await stats('from=2026-03-01&to=2026-03-04');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      object: 'stats',
      from: '2026-03-01',
      to: '2026-03-04',
      campaign_id: null,
      user_id: null,
      totals: { visits: 17, unique_visits: 6, signups: 0, sales: 0, revenue: {}, rewards: 0, reward_value: {} },
      data: [
        { day: '2026-03-01', visits: 5, unique_visits: 3, signups: 0, sales: 0, revenue: {}, rewards: 0, reward_value: {} },
        { day: '2026-03-02', visits: 0, unique_visits: 0, signups: 0, sales: 0, revenue: {}, rewards: 0, reward_value: {} },
        { day: '2026-03-03', visits: 12, unique_visits: 3, signups: 0, sales: 0, revenue: {}, rewards: 0, reward_value: {} },
        { day: '2026-03-04', visits: 0, unique_visits: 0, signups: 0, sales: 0, revenue: {}, rewards: 0, reward_value: {} },
      ],
    });
  });

  it('narrows to one campaign', async () => {
    const res = await stats(`from=2026-03-01&to=2026-03-03&campaign_id=${otherCampaign}`);
    expect(res.json.totals).toEqual({ visits: 10, unique_visits: 1, signups: 0, sales: 0, revenue: {}, rewards: 0, reward_value: {} });
  });

  it('narrows to one referrer, by id or external id', async () => {
    expect((await stats(`from=2026-03-01&to=2026-03-03&user_id=${jane.id}`)).json.totals).toEqual({ visits: 7, unique_visits: 5, signups: 0, sales: 0, revenue: {}, rewards: 0, reward_value: {} });
    expect((await stats('from=2026-03-01&to=2026-03-03&user_id=jane')).json.user_id).toBe(jane.id);
  });

  it("defaults to the last 30 days, today's followed links included", async () => {
    await follow(jane.referral_code);
    await flushClicks(jane.campaign_id, jane.id);
    const res = await stats(`user_id=${jane.id}`);
    expect(res.json.data).toHaveLength(30);
    expect(res.json.to).toBe(utcDay(Date.now()));
    expect(res.json.data.at(-1)).toEqual({ day: utcDay(Date.now()), visits: 1, unique_visits: 1, signups: 0, sales: 0, revenue: {}, rewards: 0, reward_value: {} });
  });

  it('answers 404 for a campaign of another environment', async () => {
    const other = await workspace('Elsewhere');
    const res = await stats(`campaign_id=${other.test.campaignId}`);
    expectProblem(res, 404);
  });

  it.each([
    ['a range that ends before it starts', 'from=2026-03-05&to=2026-03-01', 'from'],
    ['a range over 366 days', 'from=2024-01-01&to=2026-01-01', 'from'],
    ['a date that does not exist', 'from=2026-02-30', 'from'],
    ['a date in another format', 'to=03/01/2026', 'to'],
    ['an unknown parameter', 'form=2026-03-01', 'form'],
  ])('answers 400 for %s', async (_what, query, field) => {
    expect(expectProblem(await stats(query), 400).errors?.map((e) => e.field)).toContain(field);
  });
});
