import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonContent } from '../../lib/openapi';
import { RedemptionSchema } from '../vouchers/vouchers.schemas';

export const qualifyHookRoute = createRoute({
  method: 'post',
  path: '/hooks/{token}/qualify',
  tags: ['Voucher pools'],
  summary: 'Inbound qualify URL for no-code tools',
  description:
    'Redeems a voucher like `POST /v1/vouchers/{code}/redeem`, authenticated by the secret token in the URL instead of an API key (get one from `POST /v1/inbound-hook/rotate`). Send `code=` or `coupon=` as a form field, a JSON field or a query parameter.',
  security: [],
  request: {
    params: z.object({ token: z.string().max(256).openapi({ param: { name: 'token', in: 'path' } }) }),
    query: z.object({ code: z.string().max(64).optional(), coupon: z.string().max(255).optional() }),
    body: {
      required: false,
      content: {
        'application/x-www-form-urlencoded': { schema: { type: 'object' as const, properties: { code: { type: 'string' as const }, coupon: { type: 'string' as const } } } },
        'application/json': { schema: { type: 'object' as const, properties: { code: { type: 'string' as const }, coupon: { type: 'string' as const } } } },
      },
    },
  },
  responses: { 200: jsonContent(RedemptionSchema, 'Redeemed.'), ...errorResponses(400, 404, 409, 413, 415) },
});
