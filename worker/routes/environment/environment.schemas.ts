import { z } from '@hono/zod-openapi';
import { MAX_ALLOWED_ORIGINS } from '../../domain/widget/allowed-origins';
import { DateTimeSchema } from '../../lib/openapi';

export const EnvironmentSchema = z
  .object({
    id: z.string().openapi({ example: 'env_4Qm8vT2kLx9pZr0aB1cD' }),
    object: z.literal('environment'),
    mode: z.enum(['live', 'test']),
    fallback_url: z.string().nullable().openapi({
      example: 'https://yourshop.com/',
      description: "Where share links go when their referrer was deleted or their campaign has no usable landing or fallback URL; null: a 404 page.",
    }),
    allowed_origins: z.array(z.string()).openapi({
      example: ['https://yourshop.com'],
      description: "Origins whose pages may use this environment's publishable keys (the referral widget); empty: none.",
    }),
    widget_secret: z
      .object({ prefix: z.string().openapi({ example: 'ws_Ab3d' }), created_at: z.string().nullable() })
      .nullable()
      .openapi({ description: 'The secret that signs customer tokens for the widget (POST /v1/environment/widget-secret); null until one is issued.' }),
    created_at: DateTimeSchema,
  })
  .openapi('Environment');

export const UpdateEnvironmentSchema = z
  .strictObject({
    fallback_url: z.string().trim().max(2048).nullable().optional().openapi({
      example: 'https://yourshop.com/',
      description: 'https (http only on localhost in development), no credentials; null removes it.',
    }),
    allowed_origins: z.array(z.string().trim().max(2048)).max(MAX_ALLOWED_ORIGINS).optional().openapi({
      example: ['https://yourshop.com'],
      description: 'Replaces the list: origins only (https, http on localhost in development), at most 20.',
    }),
  })
  .openapi('UpdateEnvironment');

export const WidgetSecretSchema = z
  .object({
    object: z.literal('widget_secret'),
    secret: z.string().openapi({ example: 'ws_Ab3dEf6gHi9jKl2mNo5pQr8sTu1vWx4yZa7bCd0e', description: 'HMAC-SHA256 key for customer tokens. Shown only now.' }),
    prefix: z.string().openapi({ example: 'ws_Ab3d' }),
    created_at: DateTimeSchema,
  })
  .openapi('WidgetSecret');
