import { scoped } from '../../lib/auth';
import { createRoute } from '@hono/zod-openapi';
import { errorResponses, jsonBody, jsonContent } from '../../lib/openapi';
import { CodeParams, RedeemBodySchema, RedemptionSchema } from './vouchers.schemas';

export const redeemVoucherRoute = createRoute({
  method: 'post',
  path: '/v1/vouchers/{code}/redeem',
  ...scoped('referrals:write'),
  tags: ['Voucher pools'],
  summary: 'Redeem a voucher (qualify by coupon)',
  description:
    "Marks an assigned voucher used, once (a second redemption is a 409 naming its state). If it was a referee's reward and the campaign has a rule with trigger `voucher_redeemed`, that event is logged for the referee and the rules decide what it earns.",
  request: { params: CodeParams, body: { ...jsonBody(RedeemBodySchema), required: false } },
  responses: { 200: jsonContent(RedemptionSchema, 'Redeemed.'), ...errorResponses(400, 401, 403, 404, 409, 415) },
});
