import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';

let key: string;

beforeAll(async () => {
  const ws = await workspace('Campaign links');
  key = await standardKey(ws.test.adminKey);
});

describe('campaign share-link settings', () => {
  it('defaults to no UTM parameters and a 30-day attribution window', async () => {
    const res = await call('POST', '/v1/campaigns', { key, body: { name: 'Defaults' } });
    expect(res.json).toMatchObject({ utm_params: {}, attribution_window_days: 30 });
  });

  it('stores UTM parameters and an attribution window', async () => {
    const created = await call('POST', '/v1/campaigns', { key, body: { name: 'Tracked', utm_params: { utm_source: 'referral' }, attribution_window_days: 7 } });
    const updated = await call('PATCH', `/v1/campaigns/${created.json.id}`, { key, body: { utm_params: { utm_campaign: 'spring' } } });
    expect(updated.json).toMatchObject({ utm_params: { utm_campaign: 'spring' }, attribution_window_days: 7 });
  });

  it.each([
    ['a parameter that is not a UTM one', { utm_params: { r: 'HIJACK' } }, 'utm_params.r'],
    ['an empty UTM value', { utm_params: { utm_source: '' } }, 'utm_params.utm_source'],
    ['an attribution window of 0 days', { attribution_window_days: 0 }, 'attribution_window_days'],
    ['an attribution window over a year', { attribution_window_days: 400 }, 'attribution_window_days'],
  ])('refuses %s', async (_what, body, field) => {
    const res = await call('POST', '/v1/campaigns', { key, body: { name: 'Bad', ...body } });
    expect(expectProblem(res, 400).errors?.map((e) => e.field)).toContain(field);
  });
});
