import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../../lib/openapi';

export const CodeParams = z.object({
  code: z.string().min(1).max(64).openapi({ param: { name: 'code', in: 'path' }, example: 'JANE-7K2M9Q', description: 'A referral code, any case.' }),
});

/** Documentation only: the redirect itself is a plain route, so it pays for no validation. */
export const redirectDoc = createRoute({
  method: 'get',
  path: '/r/{code}',
  operationId: 'followShareLink',
  tags: ['Share links'],
  summary: 'Follow a share link',
  description:
    "Redirects (302) to the campaign's landing URL with `r=CODE` and the campaign's UTM parameters added; counts a visit after the response unless the user agent is a link-preview bot or crawler, or the campaign is not live. An unknown or deleted code redirects to the campaign's or environment's fallback URL when one is set; otherwise 404 (an HTML page for browsers).",
  security: [],
  request: { params: CodeParams },
  responses: {
    302: {
      description: 'To the landing page (or the fallback URL).',
      headers: z.object({ location: z.string(), 'cache-control': z.literal('no-store'), 'referrer-policy': z.string() }),
    },
    ...errorResponses(404),
  },
});
