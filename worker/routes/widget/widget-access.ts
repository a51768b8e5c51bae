import type { Context, MiddlewareHandler } from 'hono';
import { getDb } from '../../db/client';
import { type CustomerClaims, verifyCustomerToken } from '../../domain/widget/customer-token';
import type { AppEnv } from '../../env';
import { forbidden, tooManyRequests, unauthorized } from '../../lib/errors';
import { IsolateRateLimiter } from '../../lib/ip-rate-limit';
import { publishableAccess, type WidgetAccess } from '../../services/widget/access';
import { openWidgetSecret } from '../../services/widget/secret';

export type WidgetEnv = AppEnv & { Variables: AppEnv['Variables'] & { widget: WidgetAccess; customer: CustomerClaims } };

/** Widget calls per IP and isolate: a page load makes one or two. */
const limiter = new IsolateRateLimiter(300);

const secretRefused = () =>
  unauthorized('secret-key-refused', 'Secret key refused', 'The widget takes a publishable key (pk_…) only. Never send a secret key (rk_…) to a browser: revoke one that was.');

/**
 * The widget's gate, on /v1/widget/{publishable_key}/*: a live publishable key, the page's Origin
 * in the environment's allowed origins (anything else gets no CORS headers, so the browser shows
 * the page nothing), then CORS for that origin on every answer, errors included, so the widget can
 * tell an expired token from a broken page. Answers preflights itself.
 */
export const widgetAccess: MiddlewareHandler<WidgetEnv> = async (c, next) => {
  const wait = limiter.retryAfter(c.req.header('cf-connecting-ip'));
  if (wait) throw tooManyRequests('rate-limited', 'Too many requests', 'Too many widget requests from this address.', undefined, { 'retry-after': String(wait) });
  const key = c.req.param('publishable_key') ?? '';
  if (/^rk_/.test(key) || c.req.header('x-api-key')) throw secretRefused();
  const access = await publishableAccess(getDb(c.env), key);
  if (!access) throw unauthorized('invalid-publishable-key', 'Invalid publishable key', 'The publishable key is not valid, was revoked, or its grace period has ended.');
  const origin = c.req.header('origin');
  if (!origin || !access.allowedOrigins.includes(origin)) {
    throw forbidden('origin-not-allowed', 'Origin not allowed', "This page's origin is not in the environment's allowed_origins (PATCH /v1/environment).");
  }
  const cors = {
    'access-control-allow-origin': origin,
    vary: 'Origin',
    'cache-control': 'no-store',
  };
  if (c.req.method === 'OPTIONS') {
    return c.body(null, 204, {
      ...cors,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'authorization',
      'access-control-max-age': '600',
    });
  }
  c.set('widget', access);
  await next();
  const res = new Response(c.res.body, c.res);
  for (const [name, value] of Object.entries(cors)) res.headers.set(name, value);
  c.res = res;
};

const tokenRefused = () =>
  unauthorized('customer-token-invalid', 'Customer token invalid', 'The customer token has expired or is not valid here; the shop issues a fresh one when the page loads.');

/** The customer the shop's server vouches for (Authorization: Bearer <customer token>). */
export const widgetCustomer: MiddlewareHandler<WidgetEnv> = async (c, next) => {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  if (!match?.[1]) throw tokenRefused();
  if (/^rk_/.test(match[1])) throw secretRefused();
  const access = c.get('widget');
  const secret = await openWidgetSecret(c.env, access.environmentId, access.sealedSecret);
  const claims = secret ? await verifyCustomerToken(match[1], secret) : null;
  if (!claims) throw tokenRefused();
  c.set('customer', claims);
  await next();
};

export const widgetOrigin = (c: Context<WidgetEnv>) => new URL(c.req.url).origin;
