import type { MiddlewareHandler } from 'hono';
import type { RateLimitDecision } from '../durable-objects/rate-limiter';
import type { AppEnv, Bindings } from '../env';
import { tooManyRequests } from './errors';

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
const WINDOW_SECONDS = 60;
const POLICY = 'per-key';

/** Requests per minute per API key: the RATE_LIMIT_PER_MINUTE var, else 600. */
export function keyLimit(env: Pick<Bindings, 'RATE_LIMIT_PER_MINUTE'>): number {
  const configured = Number(env.RATE_LIMIT_PER_MINUTE);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_RATE_LIMIT_PER_MINUTE;
}

/** IETF draft-ietf-httpapi-ratelimit-headers (structured fields: quota q, window w; remaining r, reset t). */
export function rateLimitHeaders(d: RateLimitDecision, policy = POLICY, windowSeconds = WINDOW_SECONDS): Record<string, string> {
  return {
    'ratelimit-policy': `"${policy}";q=${d.limit};w=${windowSeconds}`,
    ratelimit: `"${policy}";r=${d.remaining};t=${d.resetSeconds}`,
  };
}

export const rateLimited = (d: RateLimitDecision, headers: Record<string, string>, detail: string) =>
  tooManyRequests('rate-limited', 'Too many requests', detail, undefined, { 'retry-after': String(d.resetSeconds), ...headers });

/**
 * Per API key, after authentication. One RPC to the key's RateLimiter object per request;
 * every answer (errors included) carries the RateLimit headers.
 */
export const rateLimitByKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { keyId } = c.get('caller');
  const decision = await c.env.RATE_LIMITER.getByName(keyId).hit(keyLimit(c.env), WINDOW_SECONDS);
  const headers = rateLimitHeaders(decision);
  if (!decision.allowed) {
    throw rateLimited(decision, headers, `This API key may make ${decision.limit} requests per minute. Retry after ${decision.resetSeconds} s.`);
  }
  await next();
  // Responses from elsewhere (an idempotent replay) may have immutable headers.
  const res = new Response(c.res.body, c.res);
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  c.res = res;
};
