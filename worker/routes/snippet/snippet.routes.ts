import { createRoute, z } from '@hono/zod-openapi';

export const snippetRoute = createRoute({
  method: 'get',
  path: '/v1/snippet.js',
  operationId: 'getSnippet',
  tags: ['Share links'],
  summary: 'The shop-side script',
  description:
    'Public. Load it on the shop\'s pages with a deferred script tag whose `src` is `…/v1/snippet.js`: it keeps `?r=CODE` in a first-party cookie for the campaign\'s attribution window, reports the visit (`POST /r/{code}/visit`), and exposes `window.referrio.code()` for signup forms.',
  security: [],
  responses: {
    200: { description: 'The script.', content: { 'application/javascript': { schema: z.string() } } },
  },
});
