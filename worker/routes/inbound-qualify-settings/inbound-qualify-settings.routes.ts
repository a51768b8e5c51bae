import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonContent } from '../../lib/openapi';

const tags = ['Voucher pools'];

export const InboundHookSchema = z
  .object({
    object: z.literal('inbound_hook'),
    configured: z.boolean(),
    token_prefix: z.string().nullable(),
    url: z.string().nullable().openapi({ description: 'POST /hooks/{token}/qualify with code= or coupon=. Shown only when issued.' }),
    token: z.string().nullable().openapi({ description: 'Shown only when issued; only its hash is stored.' }),
    created_at: z.string().nullable(),
  })
  .openapi('InboundHook');

export const getInboundHookRoute = createRoute({
  method: 'get',
  path: '/v1/inbound-hook',
  tags,
  summary: "The environment's inbound qualify URL (admin keys)",
  responses: { 200: jsonContent(InboundHookSchema, 'Whether a token exists, and its prefix.'), ...errorResponses(401, 403) },
});

export const rotateInboundHookRoute = createRoute({
  method: 'post',
  path: '/v1/inbound-hook/rotate',
  tags,
  summary: 'Issue (or replace) the inbound qualify URL (admin keys)',
  description: 'The previous token stops working at once. The new URL is shown this once.',
  responses: { 201: jsonContent(InboundHookSchema, 'The new URL and token.'), ...errorResponses(401, 403) },
});
