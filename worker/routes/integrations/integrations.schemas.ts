import { z } from '@hono/zod-openapi';
import { PageSchema } from '../../lib/openapi';

export const ProviderParams = z.object({ provider: z.enum(['stripe', 'shopify']).openapi({ param: { name: 'provider', in: 'path' } }) });

const outcome = z.enum(['matched', 'unmatched', 'ignored', 'rejected', 'waiting']);

export const IntegrationSchema = z
  .object({
    object: z.literal('integration'),
    provider: z.enum(['stripe', 'shopify']),
    connected: z.boolean(),
    url: z.string().nullable().openapi({ description: 'The endpoint URL to paste into Stripe or Shopify (its token is the credential).' }),
    token_prefix: z.string().nullable(),
    connected_at: z.string().nullable(),
    last_event_at: z.string().nullable(),
    counts: z.object({ matched: z.number().int(), unmatched: z.number().int(), ignored: z.number().int(), rejected: z.number().int(), waiting: z.number().int() }),
  })
  .openapi('Integration');

export const IntegrationListSchema = z.object({ data: z.array(IntegrationSchema) }).openapi('IntegrationList');

export const ConnectIntegrationSchema = z
  .strictObject({
    secret: z
      .string()
      .trim()
      .min(8)
      .max(255)
      .openapi({ example: 'whsec_5f2b9c1d7e8a4b6c', description: "Stripe: the endpoint's signing secret (whsec_…). Shopify: the app's client secret. Stored encrypted; never shown again." }),
  })
  .openapi('ConnectIntegration');

export const SendSampleSchema = z
  .strictObject({ code: z.string().trim().min(1).max(64).optional().openapi({ description: "The referrer whose code the sample carries; default: the environment's first user." }) })
  .openapi('SendIntegrationSample');

export const BillingEventSchema = z
  .object({
    id: z.string(),
    object: z.literal('billing_event'),
    provider: z.enum(['stripe', 'shopify']),
    external_id: z.string().nullable().openapi({ description: "The provider's event id (null for a rejected delivery: nothing in it is trusted)." }),
    type: z.string(),
    outcome,
    reason: z.string().nullable(),
    referral_id: z.string().nullable(),
    referral_url: z.string().nullable(),
    order_id: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('BillingEvent');

export const BillingEventPageSchema = PageSchema.extend({ data: z.array(BillingEventSchema.partial()) }).openapi('BillingEventPage');
