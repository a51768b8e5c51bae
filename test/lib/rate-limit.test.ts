import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import { IsolateRateLimiter } from '../../worker/lib/ip-rate-limit';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, keyLimit } from '../../worker/lib/rate-limit';
import { expectProblem, ORIGIN, standardKey, workspace } from '../helpers';
import { send } from '../share-links';

const LIMIT = 5;

/** The Worker with RATE_LIMIT_PER_MINUTE set low (the suite's config raises it for the other files). */
async function callLimited(key: string, path = '/v1/users', init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const request = new Request(`${ORIGIN}${path}`, { ...init, headers: { 'x-api-key': key, ...init.headers } });
  const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, RATE_LIMIT_PER_MINUTE: String(LIMIT) }, ctx);
  await waitOnExecutionContext(ctx);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : undefined };
}

describe('rate limit per API key', () => {
  it('defaults to 600 a minute', () => {
    expect(keyLimit({})).toBe(DEFAULT_RATE_LIMIT_PER_MINUTE);
    expect(DEFAULT_RATE_LIMIT_PER_MINUTE).toBe(600);
    expect(keyLimit({ RATE_LIMIT_PER_MINUTE: '50' })).toBe(50);
    expect(keyLimit({ RATE_LIMIT_PER_MINUTE: 'lots' })).toBe(600);
  });

  it('answers the configured number of requests, then 429 with Retry-After and RateLimit headers', async () => {
    const ws = await workspace();
    const key = await standardKey(ws.test.adminKey);
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const res = await callLimited(key);
      statuses.push(res.status);
      expect(res.headers.get('ratelimit-policy')).toBe(`"per-key";q=${LIMIT};w=60`);
      expect(res.headers.get('ratelimit')).toMatch(new RegExp(`^"per-key";r=${LIMIT - 1 - i};t=\\d+$`));
    }
    expect(statuses).toEqual(Array(LIMIT).fill(200));

    const limited = await callLimited(key);
    const problem = expectProblem(limited, 429);
    expect(problem.type).toBe('https://referrio.dev/problems/rate-limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('ratelimit')).toBe(`"per-key";r=0;t=${retryAfter}`);
  });

  it('counts concurrent requests exactly: of 3× the limit at once, exactly the limit pass', async () => {
    const ws = await workspace();
    const key = await standardKey(ws.test.adminKey);
    const results = await Promise.all(Array.from({ length: LIMIT * 3 }, () => callLimited(key)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(LIMIT);
    expect(results.filter((r) => r.status === 429)).toHaveLength(LIMIT * 2);
  });

  it('keeps a limited write from running (nothing created)', async () => {
    const ws = await workspace();
    const key = await standardKey(ws.test.adminKey);
    for (let i = 0; i < LIMIT; i++) await callLimited(key);
    const before = await env.DB.prepare('SELECT count(*) AS n FROM users').first<{ n: number }>();
    const res = await callLimited(key, '/v1/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ external_id: 'cust_limited' }) });
    expectProblem(res, 429);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM users').first<{ n: number }>()).toEqual(before);
  });

  it('limits each key on its own', async () => {
    const ws = await workspace();
    const [one, two] = [await standardKey(ws.test.adminKey, 'one'), await standardKey(ws.test.adminKey, 'two')];
    for (let i = 0; i < LIMIT; i++) await callLimited(one);
    expect((await callLimited(one)).status).toBe(429);
    expect((await callLimited(two)).status).toBe(200);
  });

  it('opens a new window once the minute is over', async () => {
    const stub = env.RATE_LIMITER.getByName('window-test');
    const start = 1_000_000;
    for (let i = 0; i < 3; i++) expect((await stub.hit(3, 60, start + i)).allowed).toBe(true);
    expect(await stub.hit(3, 60, start + 59_000)).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 1 });
    expect(await stub.hit(3, 60, start + 60_000)).toMatchObject({ allowed: true, remaining: 2, resetSeconds: 60 });
  });
});

describe('per-IP limit on share links (in the isolate)', () => {
  it('lets the configured number through per minute, then asks to retry', () => {
    const limiter = new IsolateRateLimiter(3);
    const t = 5_000_000;
    expect([0, 1, 2].map((i) => limiter.retryAfter('203.0.113.7', t + i))).toEqual([0, 0, 0]);
    expect(limiter.retryAfter('203.0.113.7', t + 30_000)).toBe(30);
    expect(limiter.retryAfter('203.0.113.8', t + 30_000)).toBe(0);
    expect(limiter.retryAfter('203.0.113.7', t + 60_001)).toBe(0);
  });

  it('does not limit requests without an address', () => {
    const limiter = new IsolateRateLimiter(1);
    expect([1, 2, 3].map(() => limiter.retryAfter(null))).toEqual([0, 0, 0]);
  });
});

describe('per-IP limit through the Worker', () => {
  it('redirects without rate-limit headers, then answers 429 with only Retry-After', async () => {
    const ws = await workspace('Flood');
    const key = await standardKey(ws.test.adminKey);
    const user = await send('POST', '/v1/users', { key, body: { external_id: 'cust_flood', code: 'FLOOD-1' } });
    expect(user.status).toBe(201);
    const low = { REDIRECT_RATE_LIMIT_PER_MINUTE: '3' };
    const ip = { 'cf-connecting-ip': '198.51.100.99' };
    const ok = await send('GET', '/r/FLOOD-1', { headers: ip, env: low });
    expect([302, 404]).toContain(ok.status);
    expect([...ok.headers.keys()].filter((h) => h.startsWith('ratelimit') || h === 'retry-after')).toEqual([]);
    await send('GET', '/r/FLOOD-1', { headers: ip, env: low });
    await send('GET', '/r/FLOOD-1', { headers: ip, env: low });
    const limited = await send('GET', '/r/FLOOD-1', { headers: ip, env: low });
    expectProblem(limited, 429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await send('GET', '/r/FLOOD-1', { headers: { 'cf-connecting-ip': '198.51.100.100' }, env: low })).status).toBe(ok.status);
  });
});
