import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { PROBLEM_CONTENT_TYPE } from './media-types';
import { ProblemSchema } from './openapi';

const pascal = (segment: string) => segment.replace(/(^|[-_])([a-z0-9])/g, (_, __, ch: string) => ch.toUpperCase());
const singular = (word: string) => word.replace(/ies$/, 'y').replace(/s$/, '');
const isParam = (segment: string) => segment.startsWith('{');

/**
 * REST-shaped names from method and path, for routes that do not set one: `GET /v1/users` →
 * listUsers, `GET /v1/users/{id}` → getUser, `POST /v1/api-keys/{id}/rotate` → rotateApiKey.
 * Generated clients (and the Postman collection) name their calls after these.
 */
export function operationId(method: string, path: string): string {
  const segments = path.split('/').filter((s) => s && s !== 'v1');
  const words = segments.filter((s) => !isParam(s));
  const last = segments.at(-1) ?? '';
  const endsWithParam = isParam(last);
  const nouns = words.map((w, i) => (i < words.length - 1 || endsWithParam ? singular(pascal(w)) : pascal(w)));
  const verb = method.toLowerCase();
  if (verb === 'post' && !endsWithParam && segments.length >= 3 && isParam(segments.at(-2) ?? '')) {
    return `${last.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}${nouns.slice(0, -1).join('')}`;
  }
  const action = { get: endsWithParam ? 'get' : 'list', post: 'create', put: 'replace', patch: 'update', delete: 'delete' }[verb] ?? verb;
  const name = action === 'create' ? [...nouns.slice(0, -1), singular(nouns.at(-1) ?? '')] : nouns;
  return `${action}${name.join('')}`;
}

const TOO_MANY_REQUESTS = {
  description: 'Rate limit reached (600 requests a minute per key by default). `Retry-After` says when to retry; `RateLimit` and `RateLimit-Policy` are on every answer.',
  content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
};

/**
 * Completes the document for every route, present and future (call once, after every router
 * is mounted): an operationId, and the 429 of the per-key rate limit on routes that need a key.
 */
export function completeDocument(app: OpenAPIHono<AppEnv>): void {
  const taken = new Set<string>();
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const route = definition.route;
    let id = route.operationId ?? operationId(route.method, route.path);
    for (let n = 2; taken.has(id); n++) id = `${operationId(route.method, route.path)}${n}`;
    route.operationId = id;
    taken.add(id);
    const isPublic = Array.isArray(route.security) && route.security.length === 0;
    if (!isPublic && route.path.startsWith('/v1/')) route.responses[429] ??= TOO_MANY_REQUESTS;
  }
}
