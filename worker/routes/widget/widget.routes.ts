import { createRoute } from '@hono/zod-openapi';
import { errorResponses, jsonContent } from '../../lib/openapi';
import { WidgetKeyParams, WidgetReferrerSchema } from './widget.schemas';

const tags = ['Referral widget'];
const auth =
  "Called by the `<referrio-referral>` widget from a shop's page (docs/widget.md): a publishable key in the path, the page's `Origin` in the environment's `allowed_origins`, and `Authorization: Bearer <customer token>` signed by the shop's server with the widget secret. Secret keys are refused. An expired, forged or other environment's token is a `401` `customer-token-invalid`.";

export const getWidgetReferrerRoute = createRoute({
  method: 'get',
  path: '/v1/widget/{publishable_key}/referrer',
  operationId: 'getWidgetReferrer',
  tags,
  summary: "The signed-in customer's referral page",
  description: `${auth} A customer who is not a referrer yet is a \`404\` \`not-enrolled\`.`,
  security: [],
  request: { params: WidgetKeyParams },
  responses: { 200: jsonContent(WidgetReferrerSchema, 'Their code, link, referrals (masked), rewards, progress and rank.'), ...errorResponses(401, 403, 404, 429) },
});

export const enrolWidgetReferrerRoute = createRoute({
  method: 'post',
  path: '/v1/widget/{publishable_key}/referrer',
  operationId: 'enrolWidgetReferrer',
  tags,
  summary: 'Enrol the signed-in customer as a referrer',
  description: `${auth} Uses the token's \`sub\` as the external id (and its \`name\` and \`email\` when given), in the default campaign. Repeating it answers \`200\` with the same referrer. No body.`,
  security: [],
  request: { params: WidgetKeyParams },
  responses: {
    201: jsonContent(WidgetReferrerSchema, 'Enrolled.'),
    200: jsonContent(WidgetReferrerSchema, 'Already a referrer.'),
    ...errorResponses(401, 403, 409, 429),
  },
});
