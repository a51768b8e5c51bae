import { isBot } from '../../domain/detect-bot';
import { hostAllowed } from '../../domain/landing-url';
import { createRouter } from '../../lib/create-router';
import { forbidden, notFoundProblem, tooManyRequests } from '../../lib/errors';
import { beaconLimiter } from '../../lib/ip-rate-limit';
import { countVisit } from '../../services/share-links/clicks';
import { isCounting, resolveLink } from '../../services/share-links/links';
import { reportVisitRoute } from './visit.routes';

const originHost = (origin: string | undefined) => {
  try {
    return origin ? new URL(origin).hostname : null;
  } catch {
    return null;
  }
};

export const visitRouter = createRouter().openapi(reportVisitRoute, async (c) => {
  const wait = beaconLimiter(c.env).retryAfter(c.req.header('cf-connecting-ip'));
  if (wait) throw tooManyRequests('rate-limited', 'Too many requests', 'Too many visit reports from this address.', undefined, { 'retry-after': String(wait) });
  const link = await resolveLink(c.env, c.req.valid('param').code, (p) => c.executionCtx.waitUntil(p));
  if (link.kind !== 'live') throw notFoundProblem('link-not-found', 'Link not found', 'This share link does not exist or no longer leads anywhere.');
  // Browsers always send Origin on a cross-site POST: only the shop's own pages may report.
  const origin = c.req.header('origin');
  const host = originHost(origin);
  if (!origin || !host || !hostAllowed(host, link.allowedDomains)) {
    throw forbidden('origin-not-allowed', 'Origin not allowed', "Visits are reported only from pages inside the campaign's allowed domains.");
  }
  const at = Date.now();
  const userAgent = c.req.header('user-agent');
  const counted = isCounting(link.counting, at) && !isBot(userAgent);
  if (counted) countVisit(c.env, (p) => c.executionCtx.waitUntil(p), link, { ip: c.req.header('cf-connecting-ip'), userAgent }, at);
  c.header('access-control-allow-origin', origin);
  c.header('vary', 'Origin');
  c.header('cache-control', 'no-store');
  return c.json({ object: 'visit' as const, code: link.code, attribution_window_days: link.attributionWindowDays, counted }, 202);
});
