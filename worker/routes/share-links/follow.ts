import { isBot, isPrefetch } from '../../domain/detect-bot';
import type { Bindings } from '../../env';
import { notFoundProblem, problemResponse, tooManyRequests } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { redirectLimiter } from '../../lib/ip-rate-limit';
import { countVisit } from '../../services/share-links/clicks';
import { type Defer, isCounting, type LiveLink, type Link, resolveLink } from '../../services/share-links/links';
import { notFoundPage } from './not-found-page';

/**
 * `GET /r/{code}`, the shopper's hop to the campaign's landing page, as a plain function of
 * the request: worker/index.ts calls it before Hono is entered at all (no router, no Context,
 * no middleware), and the documented Hono route (redirect.index.ts) calls the same function.
 *
 * 302, never 301 (a cached 301 would skip the next click); no-store, so every click reaches
 * us; strict-origin, so the landing page sees at most the referring site's origin.
 */
const redirect = (location: string) =>
  new Response(null, { status: 302, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'strict-origin' } });

const SHARE_LINK_PREFIX = '/r/';

/**
 * The code of a `GET /r/{code}` request, read from the URL string (no URL object); null for
 * anything else, which goes to Hono: other methods, `/r/{code}/visit`, a trailing slash.
 */
export function shareLinkCode(request: Request): string | null {
  if (request.method !== 'GET') return null;
  const url = request.url;
  const path = url.indexOf('/', url.indexOf('//') + 2);
  if (path < 0 || !url.startsWith(SHARE_LINK_PREFIX, path)) return null;
  const query = url.indexOf('?', path);
  const code = url.slice(path + SHARE_LINK_PREFIX.length, query < 0 ? url.length : query);
  if (code === '' || code.includes('/')) return null;
  if (!code.includes('%')) return code;
  try {
    return decodeURIComponent(code);
  } catch {
    return code;
  }
}

export function followShareLink(request: Request, env: Bindings, ctx: Pick<ExecutionContext, 'waitUntil'>, code: string): Response | Promise<Response> {
  const wait = redirectLimiter(env).retryAfter(request.headers.get('cf-connecting-ip'));
  if (wait) return tooMany(request, wait);
  const defer: Defer = (promise) => ctx.waitUntil(promise);
  const link = resolveLink(env, code, defer);
  if (link instanceof Promise) return link.then((l) => respond(request, env, defer, l));
  return respond(request, env, defer, link);
}

function respond(request: Request, env: Bindings, defer: Defer, link: Link): Response {
  if (link.kind === 'live') {
    // HEAD is what link checkers send: redirected, never counted.
    if (request.method === 'GET') countIfVisit(request, env, defer, link);
    return redirect(link.location);
  }
  if (link.location) return redirect(link.location);
  return notFound(request);
}

/** A visit unless the campaign is not counting, or a bot or a browser prefetch (not yet shown to anyone) asked. */
function countIfVisit(request: Request, env: Bindings, defer: Defer, link: LiveLink): void {
  const at = Date.now();
  if (!isCounting(link.counting, at)) return;
  const headers = request.headers;
  const userAgent = headers.get('user-agent');
  if (isBot(userAgent) || isPrefetch(headers)) return;
  countVisit(env, defer, link, { ip: headers.get('cf-connecting-ip'), userAgent }, at);
}

/** Only for a flood from one address; a 429 carries Retry-After, never a 302 with extra headers. */
function tooMany(request: Request, retryAfter: number): Response {
  const err = tooManyRequests('rate-limited', 'Too many requests', 'Too many share-link requests from this address.', undefined, { 'retry-after': String(retryAfter) });
  return problemResponse(err, new URL(request.url).pathname, newId('req'));
}

/** Answered before Hono, so without apiSecurityHeaders: the page carries its own (its one style is inline). */
const NOT_FOUND_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** Browsers get a small page; API clients the usual problem document. */
function notFound(request: Request): Response {
  if (request.headers.get('accept')?.includes('text/html')) {
    return new Response(notFoundPage, { status: 404, headers: NOT_FOUND_PAGE_HEADERS });
  }
  const err = notFoundProblem('link-not-found', 'Link not found', 'This share link does not exist or no longer leads anywhere.');
  return problemResponse(err, new URL(request.url).pathname, newId('req'));
}
