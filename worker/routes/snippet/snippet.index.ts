import { createRouter } from '../../lib/create-router';
import { snippetRoute } from './snippet.routes';
import { SNIPPET } from './snippet.source';

export const snippetRouter = createRouter().openapi(snippetRoute, (c) =>
  c.body(SNIPPET, 200, {
    'content-type': 'application/javascript; charset=utf-8',
    // Shops embed it on every page: let browsers and CDNs keep it for an hour.
    'cache-control': 'public, max-age=3600',
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'cross-origin',
  }),
);
