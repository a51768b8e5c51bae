import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { notFoundProblem } from '../../lib/errors';

/**
 * `GET /v1/widget.js`: the `<referrio-referral>` web component, built by `npm run build`
 * (dashboard/widget/) into the static assets and served from there under /v1.
 */
export const widgetScriptRouter = new Hono<AppEnv>().get('/v1/widget.js', async (c) => {
  const asset = await c.env.ASSETS.fetch(new Request(new URL('/v1/widget.js', c.req.url)));
  // With SPA fallback a missing file comes back as index.html.
  if (!asset.ok || !asset.headers.get('content-type')?.includes('javascript')) {
    throw notFoundProblem('not-found', 'Not found', 'The widget is built by `npm run build`; this build has none.');
  }
  return new Response(asset.body, {
    headers: {
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'cross-origin-resource-policy': 'cross-origin',
      'access-control-allow-origin': '*',
    },
  });
});
