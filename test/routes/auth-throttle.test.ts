import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { getDb } from '../../worker/db/client';
import { sha256Hex } from '../../worker/lib/crypto';
import { ACCOUNT_DELAY_CAP_MS, ACCOUNT_FREE_FAILURES, MAX_LOGIN_ATTEMPTS } from '../../worker/services/access/sessions';
import { createWorkspace } from '../../worker/services/access/workspaces';
import { call, expectProblem } from '../helpers';

/** Sign-in is limited per account as well as per address: many addresses get no more guesses. */

const PASSWORD = 'correct horse battery';
let seq = 0;

async function admin() {
  const email = `throttle${++seq}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  await createWorkspace(getDb(env), { name: `Throttle ${seq}`, landingUrl: 'https://shop.example.com/', admin: { email, password: PASSWORD } });
  return email;
}

/** A fresh address per attempt: the per-(email, address) limit never applies. */
let address = 0;
const fromNewAddress = (email: string, password: string) =>
  call('POST', '/v1/auth/login', { body: { email, password }, headers: { 'cf-connecting-ip': `198.18.${Math.floor(++address / 250)}.${address % 250}` } });

const accountRow = async (email: string) =>
  env.DB.prepare('SELECT failures, not_before FROM login_attempts WHERE key = ?').bind(await sha256Hex(`account|${email}`)).first<{ failures: number; not_before: number | null }>();

describe('sign-in per account', () => {
  it(`gives many addresses together ${ACCOUNT_FREE_FAILURES} free guesses, then makes the account wait`, async () => {
    const email = await admin();
    expect(ACCOUNT_FREE_FAILURES).toBeGreaterThan(MAX_LOGIN_ATTEMPTS);
    for (let i = 0; i < ACCOUNT_FREE_FAILURES + 1; i++) expect((await fromNewAddress(email, `guess ${i}`)).status, `guess ${i}`).toBe(401);
    const refused = await fromNewAddress(email, 'guess again');
    expect(expectProblem(refused, 429).type).toMatch(/too-many-attempts$/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Even the right password waits out the delay: the password is not checked at all meanwhile.
    expectProblem(await fromNewAddress(email, PASSWORD), 429);
  });

  it('does not count or extend the delay with refused attempts, and lets the admin in once it has passed', async () => {
    const email = await admin();
    for (let i = 0; i < ACCOUNT_FREE_FAILURES + 1; i++) await fromNewAddress(email, `guess ${i}`);
    const before = await accountRow(email);
    expect(before?.not_before).toBeGreaterThan(Date.now());
    for (let i = 0; i < 5; i++) expectProblem(await fromNewAddress(email, `flood ${i}`), 429);
    expect(await accountRow(email)).toEqual(before);

    await env.DB.prepare('UPDATE login_attempts SET not_before = ? WHERE key = ?').bind(Date.now() - 1, await sha256Hex(`account|${email}`)).run();
    expect((await fromNewAddress(email, PASSWORD)).status).toBe(200);
    expect(await accountRow(email)).toBeNull();
  });

  it('doubles the delay with each failure, up to a cap: a slow stream of guesses never locks the account for longer', async () => {
    const email = await admin();
    for (let i = 0; i < ACCOUNT_FREE_FAILURES + 1; i++) await fromNewAddress(email, `guess ${i}`);
    const key = await sha256Hex(`account|${email}`);
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      // Time passes: the delay has run out before each next guess.
      await env.DB.prepare('UPDATE login_attempts SET not_before = NULL WHERE key = ?').bind(key).run();
      const sentAt = Date.now();
      expect((await fromNewAddress(email, `slow guess ${i}`)).status).toBe(401);
      delays.push((((await accountRow(email))?.not_before as number) - sentAt) / 1000);
    }
    // 2 s after the 12th failure (1 s came after the 11th), doubling, then held at the cap.
    expect(delays.map((d) => Math.round(d))).toEqual([2, 4, 8, 16, 32, 60, 60, 60, 60]);
    expect(ACCOUNT_DELAY_CAP_MS).toBe(60_000);
  });
});
