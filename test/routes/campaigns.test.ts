import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';

let key: string;
let defaultId: string;

beforeAll(async () => {
  const ws = await workspace();
  key = await standardKey(ws.test.adminKey);
  defaultId = ws.test.campaignId;
});

const create = (body: Record<string, unknown>) => call('POST', '/v1/campaigns', { key, body });
const campaignCount = async () => (await env.DB.prepare('SELECT count(*) AS n FROM campaigns').first<{ n: number }>())?.n;

describe('campaigns', () => {
  it('every environment starts with a live default campaign', async () => {
    const res = await call('GET', `/v1/campaigns/${defaultId}`, { key });
    expect(res.json).toMatchObject({ is_default: true, status: 'live', landing_url: 'https://shop.example.com/', allowed_domains: ['shop.example.com'] });
  });

  it('creates a draft campaign whose allowed domains default to the landing host', async () => {
    const res = await create({ name: 'Spring', landing_url: 'https://www.spring.example/' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: 'Spring', status: 'draft', is_default: false, allowed_domains: ['www.spring.example'], code_format: { prefix_source: 'name', suffix_length: 6 } });
  });

  it('accepts a landing URL on a subdomain of an allowed domain', async () => {
    const res = await create({ name: 'Sub', landing_url: 'https://go.brand.example/x', allowed_domains: ['brand.example'] });
    expect(res.status).toBe(201);
  });

  it('refuses a landing URL outside the allowed domains', async () => {
    const before = await campaignCount();
    const problem = expectProblem(await create({ name: 'Evil', landing_url: 'https://evil.example/', allowed_domains: ['brand.example'] }), 400);
    expect(problem.errors?.[0]?.field).toBe('landing_url');
    expect(await campaignCount()).toBe(before);
  });

  it('refuses plain http, except on localhost in development', async () => {
    expectProblem(await create({ name: 'Http', landing_url: 'http://shop.example/' }), 400);
    expect((await create({ name: 'Local', landing_url: 'http://localhost:3000/' })).status).toBe(201);
  });

  it('refuses URLs with credentials or that are not URLs', async () => {
    expectProblem(await create({ name: 'Creds', landing_url: 'https://user:pw@shop.example/' }), 400);
    expectProblem(await create({ name: 'Junk', landing_url: 'javascript:alert(1)' }), 400);
  });

  it('pauses, resumes and ends a campaign; an ended one stays ended', async () => {
    const { json } = await create({ name: 'Lifecycle' });
    for (const status of ['live', 'paused', 'live', 'ended']) {
      expect((await call('PATCH', `/v1/campaigns/${json.id}`, { key, body: { status } })).json.status).toBe(status);
    }
    expect(expectProblem(await call('PATCH', `/v1/campaigns/${json.id}`, { key, body: { status: 'live' } }), 409).type).toMatch(/campaign-ended$/);
  });

  it('checks a changed landing URL against the campaign allowed domains', async () => {
    const { json } = await create({ name: 'Moves', landing_url: 'https://a.example/' });
    expectProblem(await call('PATCH', `/v1/campaigns/${json.id}`, { key, body: { landing_url: 'https://b.example/' } }), 400);
    const ok = await call('PATCH', `/v1/campaigns/${json.id}`, { key, body: { landing_url: 'https://b.example/', allowed_domains: ['b.example'] } });
    expect(ok.json).toMatchObject({ landing_url: 'https://b.example/', allowed_domains: ['b.example'] });
  });

  it('validates the code format as a whole', async () => {
    expectProblem(await create({ name: 'Fixed', code_format: { prefix_source: 'fixed' } }), 400);
    expectProblem(await create({ name: 'Short', code_format: { prefix_source: 'none', suffix_length: 4 } }), 400);
    expectProblem(await create({ name: 'Long', code_format: { suffix_length: 17 } }), 400);
    expect((await create({ name: 'Bare', code_format: { prefix_source: 'none', suffix_length: 8 } })).status).toBe(201);
  });

  it('lists campaigns with the shared list manners', async () => {
    const res = await call('GET', '/v1/campaigns?filters[0][field]=name&filters[0][operator]=like&filters[0][value]=Spring&fields=id,name', { key });
    expect(res.json.data).toEqual([{ id: expect.any(String), name: 'Spring' }]);
    expect(res.json.meta.total).toBe(1);
  });

  it('rejects unknown fields and bad values with 400 naming them', async () => {
    const problem = expectProblem(await create({ name: '', status: 'running', landing: 'x', allowed_domains: ['not a domain'] }), 400);
    expect(problem.errors?.map((e) => e.field).join(' ')).toMatch(/name.*status|status.*name/);
    expect(problem.errors?.map((e) => e.field).join(' ')).toContain('landing');
    expect(problem.errors?.map((e) => e.field).join(' ')).toContain('allowed_domains');
  });

  it("reaches the environment's default campaign through the alias 'default'", async () => {
    expect((await call('GET', '/v1/campaigns/default', { key })).json.id).toBe(defaultId);
    const res = await call('PATCH', '/v1/campaigns/default', { key, body: { share_message: 'Get 10% off: {url}' } });
    expect(res.json).toMatchObject({ id: defaultId, share_message: 'Get 10% off: {url}' });
  });

  it('answers 404 for an unknown campaign', async () => {
    expectProblem(await call('GET', '/v1/campaigns/cmp_nope', { key }), 404);
    expectProblem(await call('PATCH', '/v1/campaigns/cmp_nope', { key, body: { name: 'x' } }), 404);
  });
});

describe('campaign budgets per currency', () => {
  const get = async (id: string) => (await call('GET', `/v1/campaigns/${id}`, { key })).json;

  it('takes the single budget field as one line and shows it both ways', async () => {
    const res = await create({ name: 'One budget', budget: { amount: 5000, currency: 'usd' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ budget: { amount: 5000, currency: 'USD' }, budgets: [{ currency: 'USD', amount: 5000 }] });
    expect(await get(res.json.id)).toMatchObject({ budget: { amount: 5000, currency: 'USD' }, budgets: [{ currency: 'USD', amount: 5000 }], budget_usage: [{ currency: 'USD', amount: 5000, spent: 0, remaining: 5000 }] });
    const cleared = await call('PATCH', `/v1/campaigns/${res.json.id}`, { key, body: { budget: null } });
    expect(cleared.json).toMatchObject({ budget: null, budgets: [] });
  });

  it('keeps one line per currency; with several, budget is null and budgets lists them', async () => {
    const res = await create({ name: 'Two budgets', budgets: [{ currency: 'USD', amount: 5000 }, { currency: 'EUR', amount: 4000 }] });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ budget: null, budgets: [{ currency: 'USD', amount: 5000 }, { currency: 'EUR', amount: 4000 }] });
    const patched = await call('PATCH', `/v1/campaigns/${res.json.id}`, { key, body: { budgets: [{ currency: 'JPY', amount: 100000 }] } });
    expect(patched.json).toMatchObject({ budget: { amount: 100000, currency: 'JPY' }, budgets: [{ currency: 'JPY', amount: 100000 }] });
  });

  it('refuses a duplicate currency (in any case) with 400 naming the line, and changes nothing', async () => {
    const before = await campaignCount();
    const problem = expectProblem(await create({ name: 'Dup', budgets: [{ currency: 'USD', amount: 1 }, { currency: 'usd', amount: 2 }] }), 400);
    expect(problem.errors?.map((e) => e.field)).toEqual(['budgets.1.currency']);
    expect(await campaignCount()).toBe(before);

    const { json } = await create({ name: 'Dup patch', budgets: [{ currency: 'EUR', amount: 10 }] });
    expectProblem(await call('PATCH', `/v1/campaigns/${json.id}`, { key, body: { budgets: [{ currency: 'GBP', amount: 1 }, { currency: 'GBP', amount: 1 }] } }), 400);
    expect((await get(json.id)).budgets).toEqual([{ currency: 'EUR', amount: 10 }]);
  });

  it('refuses budget and budgets together with 400 naming budget', async () => {
    const problem = expectProblem(await create({ name: 'Both', budget: { amount: 1, currency: 'USD' }, budgets: [{ currency: 'EUR', amount: 1 }] }), 400);
    expect(problem.errors?.map((e) => e.field)).toEqual(['budget']);
  });
});
