import type { Context } from 'hono';
import { isBot, isPrefetch } from '../../domain/detect-bot';
import type { AppEnv } from '../../env';
import { AppError, problem } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { createRouter } from '../../lib/create-router';
import { redirectLimiter } from '../../lib/ip-rate-limit';
import { recordVisitAfterResponse } from '../../services/clicks';
import { isCounting, type Link, resolveLink } from '../../services/links';
import { redirectDoc } from './redirect.routes';
import { notFoundPage } from './not-found-page';

/**
 * `GET /r/{code}`: the shopper's hop to the campaign's landing page. Mounted before every
 * middleware. 302, never 301 (a cached 301 would skip the next click); no-store, so every
 * click reaches us; strict-origin, so the landing page sees at most the referring site's origin.
 */
const redirect = (location: string) =>
  new Response(null, { status: 302, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'strict-origin' } });

function respond(c: Context<AppEnv>, link: Link): Response {
  if (link.kind === 'live') {
    const at = Date.now();
    const headers = c.req.raw.headers;
    const userAgent = headers.get('user-agent');
    // HEAD is what link checkers send; a prefetch is not a visit until the page is shown.
    if (c.req.method === 'GET' && isCounting(link.counting, at) && !isBot(userAgent) && !isPrefetch(headers)) {
      c.executionCtx.waitUntil(recordVisitAfterResponse(c.env, link, { ip: headers.get('cf-connecting-ip'), userAgent }, at));
    }
    return redirect(link.location);
  }
  if (link.location) return redirect(link.location);
  return notFound(c);
}

/** Only for a flood from one address; a 429 carries Retry-After, never a 302 with extra headers. */
function tooMany(c: Context<AppEnv>, retryAfter: number): Response {
  c.set('requestId', newId('req'));
  return problem(c, new AppError(429, 'rate-limited', 'Too many requests', 'Too many share-link requests from this address.', undefined, { 'retry-after': String(retryAfter) }));
}

/** Browsers get a small page; API clients the usual problem document. */
function notFound(c: Context<AppEnv>): Response {
  if (c.req.header('accept')?.includes('text/html')) {
    return new Response(notFoundPage, { status: 404, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
  }
  c.set('requestId', newId('req'));
  return problem(c, new AppError(404, 'link-not-found', 'Link not found', 'This share link does not exist or no longer leads anywhere.'));
}

export const redirectRouter = createRouter();
redirectRouter.openAPIRegistry.registerPath(redirectDoc);
redirectRouter.get('/r/:code', (c): Response | Promise<Response> => {
  const wait = redirectLimiter(c.env).retryAfter(c.req.header('cf-connecting-ip'));
  if (wait) return tooMany(c, wait);
  const link = resolveLink(c.env, c.req.param('code'), (p) => c.executionCtx.waitUntil(p));
  if (link instanceof Promise) return link.then((l): Response => respond(c, l));
  return respond(c, link);
});
