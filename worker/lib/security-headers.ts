import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';

/**
 * The static assets get theirs from dashboard/public/_headers; these are for what the Worker
 * answers itself. API responses are data, never pages: nothing may sniff, frame or embed them.
 */
const API_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
} as const;

/** The API reference page: Swagger UI's files come from our own origin, its spec from /v1. */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
} as const;

const apply = (res: Response, headers: Record<string, string>) => {
  for (const [name, value] of Object.entries(headers)) if (!res.headers.has(name)) res.headers.set(name, value);
};

export const apiSecurityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const headers = c.req.path === '/docs' ? PAGE_HEADERS : API_HEADERS;
  try {
    apply(c.res, headers);
  } catch {
    // A response fetched from elsewhere (the assets binding) has immutable headers.
    c.res = new Response(c.res.body, c.res);
    apply(c.res, headers);
  }
};
