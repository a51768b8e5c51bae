import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';

let key: string;
let otherKey: string;
let n = 0;

beforeAll(async () => {
  const ws = await workspace();
  key = await standardKey(ws.test.adminKey);
  otherKey = ws.live.adminKey;
});

async function pool(extra: Record<string, unknown> = {}): Promise<string> {
  n++;
  const res = await call('POST', '/v1/voucher-pools', { key, body: { name: `Pool ${n}`, ...extra } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.json));
  return res.json.id;
}

const upload = (poolId: string, body: string | Record<string, unknown>, contentType = typeof body === 'string' ? 'text/csv' : 'application/json', k = key) =>
  call('POST', `/v1/voucher-pools/${poolId}/vouchers`, { key: k, body, headers: { 'content-type': contentType } });

const codesIn = async (poolId: string) => (await env.DB.prepare('SELECT count(*) AS n FROM vouchers WHERE pool_id = ?').bind(poolId).first<{ n: number }>())?.n;

describe('voucher pools', () => {
  it('creates, gets and lists a pool with its stock', async () => {
    const res = await call('POST', '/v1/voucher-pools', { key, body: { name: 'Welcome 10%', currency: 'usd', value: 1000, low_stock_threshold: 2 } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ object: 'voucher_pool', name: 'Welcome 10%', currency: 'USD', value: 1000, low_stock_threshold: 2, low_stock: true, stock: { available: 0, total: 0 } });
    expect((await call('GET', `/v1/voucher-pools/${res.json.id}`, { key })).json).toEqual(res.json);
    const list = await call('GET', '/v1/voucher-pools?per_page=250', { key });
    expect(list.json.data.map((p: { id: string }) => p.id)).toContain(res.json.id);
  });

  it('names bad fields and an unknown campaign, creating nothing', async () => {
    const before = (await call('GET', '/v1/voucher-pools', { key })).json.meta.total;
    expect(expectProblem(await call('POST', '/v1/voucher-pools', { key, body: { name: '', value: 5 } }), 400).errors?.map((e) => e.field).sort()).toEqual(['currency', 'name']);
    expect(expectProblem(await call('POST', '/v1/voucher-pools', { key, body: { name: 'x', campaign_id: 'cmp_nope' } }), 422).errors?.map((e) => e.field)).toEqual(['campaign_id']);
    expect((await call('GET', '/v1/voucher-pools', { key })).json.meta.total).toBe(before);
  });

  it('reports low_stock below the threshold', async () => {
    const id = await pool({ low_stock_threshold: 5 });
    expect((await upload(id, { codes: ['LS-1', 'LS-2', 'LS-3'] })).json).toMatchObject({ inserted: 3, low_stock: true, stock: { available: 3 } });
    expect((await upload(id, { codes: ['LS-4', 'LS-5'] })).json.low_stock).toBe(false);
    expect((await call('GET', `/v1/voucher-pools/${id}`, { key })).json).toMatchObject({ low_stock: false, stock: { available: 5, total: 5 } });
  });
});

describe('POST /v1/voucher-pools/{id}/vouchers', () => {
  it('takes JSON, reporting duplicates and invalid codes by position', async () => {
    const id = await pool();
    const res = await upload(id, { codes: ['J-1', 'J-2', 'J-1', 'has space', '', 'J-3'] });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ received: 6, inserted: 3, duplicates: 1, invalid: 2, truncated: false });
    expect(res.json.duplicate_lines).toEqual([{ line: 3, code: 'J-1', reason: 'duplicate_in_upload', first_line: 1 }]);
    expect(res.json.invalid_lines.map((l: { line: number }) => l.line)).toEqual([4, 5]);
  });

  it('takes CSV with a BOM, CRLF, blank lines, quotes and a code column among others', async () => {
    const id = await pool();
    const csv = '\uFEFFname,code\r\nTen off,C-1\r\n\r\n"Quoted, name","C-2"\r\nNo code,\r\nBad,"C 3"\r\nAgain,C-1\r\n\r\n';
    const res = await upload(id, csv);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ received: 5, inserted: 2, duplicates: 1, invalid: 2 });
    expect(res.json.duplicate_lines).toEqual([{ line: 7, code: 'C-1', reason: 'duplicate_in_upload', first_line: 2 }]);
    expect(res.json.invalid_lines).toEqual([
      { line: 5, reason: 'missing code' },
      { line: 6, reason: expect.stringContaining('without spaces') },
    ]);
  });

  it('takes a headerless CSV with one code per row', async () => {
    const id = await pool();
    expect((await upload(id, 'H-1\nH-2\nH-3\n')).json).toMatchObject({ received: 3, inserted: 3, duplicates: 0, invalid: 0 });
  });

  it('reports codes the environment already has, and inserts nothing twice', async () => {
    const first = await pool();
    const second = await pool();
    await upload(first, { codes: ['E-1', 'E-2'] });
    const res = await upload(second, { codes: ['E-2', 'E-3'] });
    expect(res.json).toMatchObject({ inserted: 1, duplicates: 1, duplicate_lines: [{ line: 1, code: 'E-2', reason: 'already_exists' }] });
    expect([await codesIn(first), await codesIn(second)]).toEqual([2, 1]);
  });

  it('imports the 5k fixture: 5,000 inserted, 50 duplicates reported, blank lines ignored', async () => {
    const id = await pool();
    const res = await upload(id, env.VOUCHERS_5K_CSV);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ received: 5050, inserted: 5000, duplicates: 50, invalid: 0, stock: { available: 5000 } });
    expect(new Set(res.json.duplicate_lines.map((d: { reason: string }) => d.reason))).toEqual(new Set(['duplicate_in_upload']));
    expect(await codesIn(id)).toBe(5000);
    const again = await upload(id, env.VOUCHERS_5K_CSV);
    expect(again.json).toMatchObject({ inserted: 0, duplicates: 5050 });
    expect(await codesIn(id)).toBe(5000);
  });

  it('takes 100,000 codes in one CSV of more than 1 MB', async () => {
    const id = await pool();
    const csv = `code\n${Array.from({ length: 100_000 }, (_, i) => `BULK-${String(i).padStart(8, '0')}`).join('\n')}\n`;
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    const res = await upload(id, csv);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ inserted: 100_000, duplicates: 0, invalid: 0 });
    expect(await codesIn(id)).toBe(100_000);
  });

  it('refuses 100,001 codes and bodies over 8 MB with 413, inserting nothing', async () => {
    const id = await pool();
    const tooMany = Array.from({ length: 100_001 }, (_, i) => `M-${i}`).join('\n');
    expect(expectProblem(await upload(id, tooMany), 413).type).toMatch(/too-many-codes$/);
    expectProblem(await upload(id, `code\n${'X'.repeat(60)}\n`.repeat(140_000)), 413);
    expect(await codesIn(id)).toBe(0);
  });

  it('refuses a CSV with several unnamed columns, an empty upload, other media types and malformed JSON', async () => {
    const id = await pool();
    expect(expectProblem(await upload(id, 'A-1,A-2\nA-3,A-4\n'), 400).errors?.map((e) => e.field)).toEqual(['(body)']);
    expectProblem(await upload(id, '\n\n'), 400);
    expect(expectProblem(await upload(id, {}), 400).errors?.map((e) => e.field)).toEqual(['codes']);
    expectProblem(await upload(id, 'A-1\n', 'text/plain'), 415);
    expect(expectProblem(await upload(id, '{"codes": [', 'application/json'), 400).type).toMatch(/malformed-json$/);
    expect(await codesIn(id)).toBe(0);
  });

  it('refuses a CSV separated by semicolons, tabs or pipes instead of inserting its header and rows as codes', async () => {
    const id = await pool();
    for (const body of ['code;value\nA-1;5\nA-2;5\n', 'Code\tvalue\nA-1\t5\n', 'code|value\nA-1|5\n']) {
      expect(expectProblem(await upload(id, body), 400).detail).toMatch(/comma/);
    }
    expect(await codesIn(id)).toBe(0);
  });

  it('answers 404 for another environment’s pool, inserting nothing', async () => {
    const id = await pool();
    expectProblem(await upload(id, 'Z-1\n', 'text/csv', otherKey), 404);
    expect(await codesIn(id)).toBe(0);
  });

  it('still refuses CSV bodies on other routes', async () => {
    expectProblem(await call('POST', '/v1/voucher-pools', { key, body: 'name\nx\n', headers: { 'content-type': 'text/csv' } }), 415);
  });
});
