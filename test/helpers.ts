import { env, exports } from 'cloudflare:workers';
import { getDb } from '../worker/db/client';
import { GRANTABLE_SCOPES } from '../worker/domain/scopes';
import { createWorkspace } from '../worker/services/access/workspaces';

export const ORIGIN = 'https://api.referrio.test';

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Calls the Worker the way a client does: a full HTTP request through its fetch handler. */
export async function call(method: string, path: string, options: CallOptions = {}) {
  const headers = new Headers(options.headers);
  if (options.key) headers.set('x-api-key', options.key);
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const response = await exports.default.fetch(new Request(`${ORIGIN}${path}`, { method, headers, body }));
  const text = await response.text();
  const json = text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, json, text };
}

export const workspace = (name = 'Acme', landingUrl: string | null = 'https://shop.example.com/') =>
  createWorkspace(getDb(env), { name, landingUrl });

/**
 * A standard (server) key in the given environment, made through the API like a developer would.
 * Unless told otherwise it holds every scope a standard key can (what a pre-scopes key kept), so
 * tests about other behaviour are not about scopes; pass `scopes` to test those.
 */
export async function standardKey(adminKey: string, name = 'Server', scopes: readonly string[] = GRANTABLE_SCOPES): Promise<string> {
  const res = await call('POST', '/v1/api-keys', { key: adminKey, body: { name, scopes } });
  if (res.status !== 201) throw new Error(`could not create key: ${res.status} ${res.text}`);
  return res.json.key;
}

export function expectProblem(res: { status: number; headers: Headers; json: Record<string, unknown> | undefined }, status: number) {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.json)}`);
  if (!res.headers.get('content-type')?.startsWith('application/problem+json')) {
    throw new Error(`expected application/problem+json, got ${res.headers.get('content-type')}`);
  }
  const body = res.json as Record<string, unknown>;
  for (const key of ['type', 'title', 'status', 'request_id']) {
    if (!(key in body)) throw new Error(`problem lacks '${key}': ${JSON.stringify(body)}`);
  }
  if (body.status !== status) throw new Error('problem status differs from HTTP status');
  if (res.headers.get('x-request-id') !== body.request_id) throw new Error('request id header differs from body');
  return body as { type: string; title: string; status: number; detail?: string; errors?: { field: string; message: string }[]; request_id: string };
}
