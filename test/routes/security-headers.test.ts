import { describe, expect, it } from 'vitest';
import { call, standardKey, workspace } from '../helpers';

// Static assets get theirs from dashboard/public/_headers (checked against the real assets
// server by scripts/check-ecosystem.mjs); these are the Worker's own answers.
describe('security headers on Worker responses', () => {
  it('/docs forbids framing and sniffing and loads scripts only from its origin', async () => {
    const res = await call('GET', '/docs');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it.each([
    ['an API answer', 'GET', '/v1/users', true],
    ['an error', 'GET', '/v1/nowhere', true],
    ['an unauthenticated error', 'GET', '/v1/users', false],
    ['the OpenAPI document', 'GET', '/v1/openapi.json', false],
  ])('%s is nosniff, unframeable and sends no referrer', async (_, method, path, withKey) => {
    const ws = await workspace();
    const res = await call(method, path, { key: withKey ? await standardKey(ws.test.adminKey) : null });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it("a share link's not-found page (answered before the app's middleware) forbids framing, sniffing and scripts", async () => {
    const res = await call('GET', '/r/NO-SUCH-CODE-ANYWHERE', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});
