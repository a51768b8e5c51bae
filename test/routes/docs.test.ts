import { describe, expect, it } from 'vitest';
import { call } from '../helpers';

describe('API documentation', () => {
  it('serves an OpenAPI 3.1 document without a key', async () => {
    const res = await call('GET', '/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    expect(res.json.components.securitySchemes.ApiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
  });

  it('documents every route of the API with its errors in the problem shape', async () => {
    const { json } = await call('GET', '/v1/openapi.json');
    const operations = Object.entries(json.paths as Record<string, Record<string, { security?: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> }>>).flatMap(
      ([path, methods]) => Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );
    const routes = operations.map((o) => o.route);
    for (const route of ['POST /v1/users', 'GET /v1/users', 'GET /v1/users/{id}', 'PATCH /v1/users/{id}', 'DELETE /v1/users/{id}', 'GET /v1/campaigns', 'POST /v1/campaigns', 'PATCH /v1/campaigns/{id}', 'GET /v1/api-keys', 'POST /v1/api-keys', 'POST /v1/api-keys/{id}/rotate', 'DELETE /v1/api-keys/{id}', 'POST /v1/referrals', 'GET /v1/referrals', 'GET /v1/referrals/{id}']) {
      expect(routes).toContain(route);
    }
    for (const { route, op } of operations) {
      // Public, parameterless resources (the shop snippet) have no client errors to document.
      if (op.security?.length === 0 && !route.startsWith('POST')) continue;
      const errors = Object.entries(op.responses).filter(([status]) => status.startsWith('4'));
      expect(errors.length, route).toBeGreaterThan(0);
      for (const [, response] of errors) expect(Object.keys(response.content ?? {}), route).toEqual(['application/problem+json']);
    }
    expect(json.components.schemas).toHaveProperty('Rule');
    expect(json.components.schemas).toHaveProperty('Problem');
  });

  it('serves a browsable reference at /docs', async () => {
    const res = await call('GET', '/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.text).toContain('/vendor/swagger-ui/swagger-ui-bundle.js');
  });
});
