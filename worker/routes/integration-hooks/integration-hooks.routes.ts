import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonContent } from '../../lib/openapi';

export const BillingReceiptSchema = z
  .object({
    object: z.literal('billing_event_receipt'),
    id: z.string(),
    replay: z.boolean().openapi({ description: 'True when this provider event was received before: nothing changed.' }),
    type: z.string(),
    outcome: z.enum(['matched', 'unmatched', 'ignored', 'rejected', 'waiting']),
    reason: z.string().nullable(),
    referral_id: z.string().nullable(),
    referral_url: z.string().nullable(),
  })
  .openapi('BillingEventReceipt');

const params = z.object({ token: z.string().max(256).openapi({ param: { name: 'token', in: 'path' } }) });
const rawBody = { required: true, content: { 'application/json': { schema: { type: 'object' as const } } } };
const responses = { 200: jsonContent(BillingReceiptSchema, 'Received (or received before); the outcome.'), ...errorResponses(400, 404, 413) };

export const stripeHookRoute = createRoute({
  method: 'post',
  path: '/hooks/stripe/{token}',
  tags: ['Integrations'],
  summary: 'Stripe webhook endpoint',
  description:
    "Paste this URL into Stripe (Developers → Webhooks) with the events in docs/integrations.md. Verified by `Stripe-Signature` (HMAC-SHA256, 5-minute tolerance, any of several `v1`); the event's `livemode` must match the environment. Idempotent on the event id.",
  security: [],
  request: { params, body: rawBody },
  responses,
});

export const shopifyHookRoute = createRoute({
  method: 'post',
  path: '/hooks/shopify/{token}',
  tags: ['Integrations'],
  summary: 'Shopify webhook endpoint',
  description:
    'Subscribe `orders/paid`, `refunds/create` and the privacy topics to this URL. Verified by `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the raw body); idempotent on `X-Shopify-Webhook-Id`.',
  security: [],
  request: { params, body: rawBody },
  responses,
});
