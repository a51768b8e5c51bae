import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';

let key: string;

beforeAll(async () => {
  const ws = await workspace();
  key = await standardKey(ws.test.adminKey);
});

describe('POST /v1/users', () => {
  it('enrols a referrer with a branded code and share links', async () => {
    const res = await call('POST', '/v1/users', { key, body: { external_id: 'cust_123', email: 'jane@example.com', name: 'Jane Doe' } });
    expect(res.status).toBe(201);
    expect(res.json.referral_code).toMatch(/^JANE-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(res.json.share_url).toBe(`https://shop.example.com/?r=${res.json.referral_code}`);
    expect(res.json.sharing.map((s: { channel: string }) => s.channel)).toEqual(['email', 'sms', 'whatsapp', 'facebook', 'x', 'linkedin']);
    expect(res.json).toMatchObject({ external_id: 'cust_123', email: 'jane@example.com', name: 'Jane Doe', object: 'user' });
  });
});
