import { z } from '@hono/zod-openapi';

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
