import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';

let key: string;
const people = [
  { external_id: 'u01', name: 'Ada Lovelace', email: 'ada@math.example' },
  { external_id: 'u02', name: 'Alan Turing', email: 'alan@math.example' },
  { external_id: 'u03', name: 'Grace Hopper', email: 'grace@navy.example' },
  { external_id: 'u04', name: 'Katherine Johnson', email: 'kj@nasa.example' },
  { external_id: 'u05', name: 'Margaret Hamilton', email: 'mh@nasa.example' },
  { external_id: 'u06', name: '100% Pure', email: 'pure@odd.example' },
  { external_id: 'u07', name: 'Under_Score', email: 'under@odd.example' },
];

beforeAll(async () => {
  const ws = await workspace();
  key = await standardKey(ws.test.adminKey);
  // Sequential, so created_at follows the array order.
  for (const p of people) await call('POST', '/v1/users', { key, body: p });
  const ada = await call('GET', '/v1/users/u01', { key });
  await call('POST', '/v1/users', { key, body: { external_id: 'u08', name: 'Referred Rita', referred_by: ada.json.referral_code } });
});

const list = (query: string) => call('GET', `/v1/users?${query}`, { key });
const ids = (res: { json: { data: { external_id: string }[] } }) => res.json.data.map((u) => u.external_id);

describe('GET /v1/users', () => {
  it('lists newest first by default with links and meta', async () => {
    const res = await list('per_page=3');
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual(['u08', 'u07', 'u06']);
    expect(res.json.meta).toEqual({ current_page: 1, from: 1, last_page: 3, per_page: 3, to: 3, total: 8 });
    expect(res.json.links.prev).toBeNull();
    expect(new URL(res.json.links.next).searchParams.get('page')).toBe('2');
    expect(new URL(res.json.links.last).searchParams.get('page')).toBe('3');
  });

  it('lists each user exactly as GET returns it', async () => {
    const res = await list('filters[0][field]=external_id&filters[0][value]=u08');
    const one = await call('GET', '/v1/users/u08', { key });
    expect(res.json.data).toEqual([one.json]);
    expect(res.json.data[0].referral_code).toMatch(/^REFERRED-/);
  });

  it('walks every page without gaps or repeats', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) seen.push(...ids(await list(`per_page=3&page=${page}`)));
    expect(seen.sort()).toEqual(['u01', 'u02', 'u03', 'u04', 'u05', 'u06', 'u07', 'u08']);
  });

  it('returns an empty page past the end', async () => {
    const res = await list('per_page=3&page=9');
    expect(res.json.data).toEqual([]);
    expect(res.json.meta).toMatchObject({ from: null, to: null, total: 8 });
  });

  it('orders by a field in either direction', async () => {
    expect(ids(await list('order[field]=name&order[direction]=asc&per_page=3'))).toEqual(['u06', 'u01', 'u02']);
    expect(ids(await list('order[field]=external_id&order[direction]=asc&per_page=2'))).toEqual(['u01', 'u02']);
  });

  it('filters with equal (the default operator)', async () => {
    expect(ids(await list('filters[0][field]=email&filters[0][value]=grace@navy.example'))).toEqual(['u03']);
  });

  it('filters with like as "contains", treating % and _ literally', async () => {
    expect(ids(await list('filters[0][field]=email&filters[0][operator]=like&filters[0][value]=nasa')).sort()).toEqual(['u04', 'u05']);
    expect(ids(await list('filters[0][field]=name&filters[0][operator]=like&filters[0][value]=%25'))).toEqual(['u06']);
    expect(ids(await list('filters[0][field]=name&filters[0][operator]=like&filters[0][value]=_'))).toEqual(['u07']);
  });

  it('filters with gt, gte, lt, lte and combines several filters', async () => {
    const q = async (op: string) => ids(await list(`filters[0][field]=external_id&filters[0][operator]=${op}&filters[0][value]=u04&order[field]=external_id&order[direction]=asc`));
    expect(await q('gt')).toEqual(['u05', 'u06', 'u07', 'u08']);
    expect(await q('gte')).toEqual(['u04', 'u05', 'u06', 'u07', 'u08']);
    expect(await q('lt')).toEqual(['u01', 'u02', 'u03']);
    expect(await q('lte')).toEqual(['u01', 'u02', 'u03', 'u04']);
    const both = await list('filters[0][field]=external_id&filters[0][operator]=gte&filters[0][value]=u02&filters[1][field]=email&filters[1][operator]=like&filters[1][value]=math');
    expect(ids(both)).toEqual(['u02']);
  });

  it('returns only the requested fields', async () => {
    const res = await list('fields=id,referral_code&per_page=1');
    expect(Object.keys(res.json.data[0]).sort()).toEqual(['id', 'referral_code']);
  });

  it('embeds relations with with=', async () => {
    const res = await list('filters[0][field]=external_id&filters[0][value]=u08&with=referrer,campaign');
    expect(res.json.data[0].referrer).toMatchObject({ external_id: 'u01' });
    expect(res.json.data[0].campaign).toMatchObject({ object: 'campaign', is_default: true });
    const all = await list('filters[0][field]=external_id&filters[0][value]=u01&with=all');
    expect(all.json.data[0]).toHaveProperty('referrer', null);
  });

  it('caps per_page at 250', async () => {
    expectProblem(await list('per_page=251'), 400);
    expect((await list('per_page=250')).status).toBe(200);
  });

  it('names every bad parameter in one 400', async () => {
    const problem = expectProblem(
      await list('filters[0][field]=password&filters[1][field]=email&filters[1][operator]=regex&filters[1][value]=x&order[field]=secret&order[direction]=up&fields=id,ssn&with=wallet&page=0&colour=blue'),
      400,
    );
    const fields = problem.errors?.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['filters[0][field]', 'filters[0][value]', 'filters[1][operator]', 'order[field]', 'order[direction]', 'fields', 'with', 'page', 'colour']),
    );
  });
});
