import { z } from '@hono/zod-openapi';

export const CreateClickSchema = z
  .strictObject({
    code: z.string().trim().min(1).max(64).openapi({ example: 'JANE-7K2M9Q', description: 'The `r` parameter your page received, any case.' }),
    landing_url: z.url({ protocol: /^https?$/ }).max(2048).optional().openapi({ example: 'https://yourshop.com/?r=JANE-7K2M9Q', description: "The page the shopper landed on; must be inside the campaign's allowed domains." }),
    user_agent: z.string().max(1024).optional().openapi({ description: "The shopper's User-Agent: bots are not counted, and it tells repeat visitors apart." }),
    ip: z.union([z.ipv4().openapi({ format: 'ipv4' }), z.ipv6().openapi({ format: 'ipv6' })]).optional().openapi({ example: '203.0.113.7', description: "The shopper's IP, only hashed (with the user agent) to tell repeat visitors apart; never stored." }),
  })
  .openapi('CreateClick');

export const ClickSchema = z
  .object({
    object: z.literal('click'),
    code: z.string(),
    user_id: z.string(),
    campaign_id: z.string(),
    counted: z.boolean(),
    unique: z.boolean().nullable().openapi({ description: "Whether it counted as a unique visit (the visitor's first within 30 minutes); null when not counted." }),
    reason: z.enum(['bot', 'campaign-not-live']).nullable().openapi({ description: 'Why it was not counted.' }),
  })
  .openapi('Click');
