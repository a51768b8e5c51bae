import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonContent } from '../../lib/openapi';
import { CodeParams } from './redirect.routes';

export const VisitSchema = z
  .object({
    object: z.literal('visit'),
    code: z.string().openapi({ example: 'JANE-7K2M9Q' }),
    attribution_window_days: z.number().int().openapi({ description: 'How long the shop should remember the code (the snippet sets its cookie for this long).' }),
    counted: z.boolean().openapi({ description: 'False for bots and for campaigns that are not live.' }),
  })
  .openapi('Visit');

export const reportVisitRoute = createRoute({
  method: 'post',
  path: '/r/{code}/visit',
  operationId: 'reportVisit',
  tags: ['Share links'],
  summary: 'Report a visit from the shop page (used by snippet.js)',
  description:
    "Public, no API key: the browser beacon of `/v1/snippet.js`. Counted exactly like a followed share link (bots and repeat visitors handled the same way), and only when the request's `Origin` is inside the campaign's allowed domains. No body.",
  security: [],
  request: { params: CodeParams },
  responses: {
    202: jsonContent(VisitSchema, 'Accepted; the visit is recorded after the response.'),
    ...errorResponses(403, 404),
  },
});
