import type { Context, MiddlewareHandler } from 'hono';
import type { RateLimitDecision } from '../durable-objects/rate-limiter';
import type { AppEnv, Bindings } from '../env';
import { tooManyRequests, unauthorized } from './errors';

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
 * Starts the credential's quota check: one RPC to its RateLimiter object (named by the
 * credential's SHA-256, so it needs no lookup first and runs alongside it). `rateLimitByKey`
 * awaits the answer.
 */
export function startRateLimit(c: Context<AppEnv>, credentialHash: string): void {
  const decision = c.env.RATE_LIMITER.getByName(credentialHash).hit(keyLimit(c.env), WINDOW_SECONDS);
  // Refused before the answer is read (an unknown key): not an unhandled rejection.
  Promise.resolve(decision).catch(() => undefined);
  c.set('rateLimit', Promise.resolve(decision));
}

/**
 * Per credential, after authentication, which started the check; every answer (errors
 * included) carries the RateLimit headers. A credential its object says has ended (revoked,
 * rotated past its grace, signed out: lib/credential-cache.ts) is refused here, whatever this
 * isolate cached.
 */
export const rateLimitByKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const decision = await c.get('rateLimit');
  if (decision.ended) {
    throw unauthorized('unauthorized', 'Unauthorized', 'This credential has been revoked or has expired.', undefined, { 'www-authenticate': 'Bearer realm="referrio"' });
  }
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
