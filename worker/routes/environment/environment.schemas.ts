import { z } from '@hono/zod-openapi';
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
    created_at: DateTimeSchema,
  })
  .openapi('Environment');

export const UpdateEnvironmentSchema = z
  .strictObject({
    fallback_url: z.string().trim().max(2048).nullable().optional().openapi({
      example: 'https://yourshop.com/',
      description: 'https (http only on localhost in development), no credentials; null removes it.',
    }),
  })
  .openapi('UpdateEnvironment');
