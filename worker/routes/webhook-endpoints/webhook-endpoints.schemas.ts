import { z } from '@hono/zod-openapi';
import { MAX_ATTEMPTS } from '../../domain/webhooks/retry-schedule';
import { PageSchema } from '../../lib/openapi';
import { EVENT_TYPES } from '../../domain/event-types';

const EventTypeOrAll = z.enum(['*', ...EVENT_TYPES]);

export const WebhookEndpointSchema = z
  .object({
    id: z.string().openapi({ example: 'whe_Pq3Rs8Tu1Vw6Xy0Za2Bc' }),
    object: z.literal('webhook_endpoint'),
    url: z.string().openapi({ example: 'https://example.com/hooks/referrio' }),
    description: z.string().nullable(),
    events: z.array(z.string()).openapi({ example: ['reward.created', 'reward.paid'], description: "Event types sent to this endpoint; `['*']` = all." }),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable().openapi({ description: 'Why the endpoint is disabled: by an admin, a 410 answer, or failing every attempt for 5 days.' }),
    failing_since: z.string().nullable().openapi({ format: 'date-time', description: 'First failed attempt since the last success.' }),
    previous_secret_expires_at: z.string().nullable().openapi({ format: 'date-time', description: 'Until then the secret before the last rotation signs too.' }),
    created_at: z.string().openapi({ format: 'date-time' }),
    updated_at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('WebhookEndpoint');

export const WebhookEndpointWithSecretSchema = WebhookEndpointSchema.extend({
  secret: z.string().openapi({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'The signing secret. Shown only in this response.' }),
}).openapi('WebhookEndpointWithSecret');

export const WebhookEndpointListSchema = z.object({ data: z.array(WebhookEndpointSchema) }).openapi('WebhookEndpointList');

const url = z.string().trim().min(1).max(2048).openapi({ example: 'https://example.com/hooks/referrio' });
const events = z.array(EventTypeOrAll).min(1).max(EVENT_TYPES.length + 1);
const description = z.string().trim().max(500).nullable();

export const CreateWebhookEndpointSchema = z
  .strictObject({
    url,
    events: events.openapi({ example: ['*'] }),
    description: description.optional(),
    enabled: z.boolean().optional().openapi({ description: 'Defaults to true.' }),
  })
  .openapi('CreateWebhookEndpoint');

export const UpdateWebhookEndpointSchema = z
  .strictObject({ url: url.optional(), events: events.optional(), description: description.optional(), enabled: z.boolean().optional() })
  .openapi('UpdateWebhookEndpoint');

export const RotateWebhookSecretSchema = z
  .strictObject({
    grace_period_seconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400)
      .optional()
      .openapi({ example: 86400, description: 'How long the old secret keeps signing alongside the new one (default 24 h; 0 = stop at once).' }),
  })
  .openapi('RotateWebhookSecret');

export const WebhookDeliverySchema = z
  .object({
    id: z.string().openapi({ example: 'whd_Pq3Rs8Tu1Vw6Xy0Za2Bc' }),
    object: z.literal('webhook_delivery'),
    endpoint_id: z.string(),
    event_id: z.string().openapi({ description: 'Also the `webhook-id` header: the same on every attempt.' }),
    event_type: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempts: z.number().int().openapi({ description: `Attempts made (at most ${MAX_ATTEMPTS} on the schedule, plus manual retries).` }),
    next_attempt_at: z.string().nullable().openapi({ format: 'date-time' }),
    last_attempt_at: z.string().nullable().openapi({ format: 'date-time' }),
    last_status_code: z.number().int().nullable(),
    last_response_body: z.string().nullable().openapi({ description: 'The first 1 KB of the last answer.' }),
    last_error: z.string().nullable().openapi({ example: 'timeout after 15000 ms' }),
    created_at: z.string().openapi({ format: 'date-time' }),
    updated_at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('WebhookDelivery');

export const WebhookDeliveryPageSchema = PageSchema.extend({ data: z.array(WebhookDeliverySchema.partial()) }).openapi('WebhookDeliveryPage');
