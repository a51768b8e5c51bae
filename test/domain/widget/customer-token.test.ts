import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signCustomerToken, verifyCustomerToken } from '../../../worker/domain/widget/customer-token';

const SECRET = 'ws_0123456789abcdefghijABCDEFGHIJ0123456789';
const NOW = 1_800_000_000;

/** The Node recipe of docs/widget.md, verbatim: what a shop's server runs. */
function nodeRecipe(secret: string, claims: object) {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createHmac('sha256', secret).update(payload).digest('base64url');
  return `${payload}.${signature}`;
}

describe('customer tokens', () => {
  it("accept the documented Node recipe's token", async () => {
    const token = nodeRecipe(SECRET, { sub: 'cust_123', exp: NOW + 3600, name: 'Jane Doe' });
    expect(await verifyCustomerToken(token, SECRET, NOW)).toEqual({ sub: 'cust_123', exp: NOW + 3600, name: 'Jane Doe', email: null });
  });

  it('sign exactly as the recipe does', async () => {
    const claims = { sub: 'cust_9', exp: NOW + 60 };
    expect(await signCustomerToken(SECRET, claims)).toBe(nodeRecipe(SECRET, claims));
  });

  it.each([
    ['expired', nodeRecipe(SECRET, { sub: 'c', exp: NOW })],
    ['living past a day', nodeRecipe(SECRET, { sub: 'c', exp: NOW + 86_401 })],
    ['signed with another secret', nodeRecipe(`${SECRET}x`, { sub: 'c', exp: NOW + 60 })],
    ['without a subject', nodeRecipe(SECRET, { exp: NOW + 60 })],
    ['with a numeric subject', nodeRecipe(SECRET, { sub: 42, exp: NOW + 60 })],
    ['with a string expiry', nodeRecipe(SECRET, { sub: 'c', exp: String(NOW + 60) })],
    ['in three parts', `${nodeRecipe(SECRET, { sub: 'c', exp: NOW + 60 })}.x`],
    ['not base64url', 'a+b.c/d'],
    ['empty', ''],
    ['a JSON array', nodeRecipe(SECRET, [1, 2])],
  ])('refuse a token %s', async (_what, token) => {
    expect(await verifyCustomerToken(token, SECRET, NOW)).toBeNull();
  });

  it('refuse a payload changed after signing', async () => {
    const [, signature] = nodeRecipe(SECRET, { sub: 'alice', exp: NOW + 60 }).split('.');
    const forged = `${Buffer.from(JSON.stringify({ sub: 'bob', exp: NOW + 60 })).toString('base64url')}.${signature}`;
    expect(await verifyCustomerToken(forged, SECRET, NOW)).toBeNull();
  });
});
