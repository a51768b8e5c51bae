import { z } from '@hono/zod-openapi';
import { PageSchema } from '../../lib/openapi';

export const EventSchema = z
  .object({
    id: z.string().openapi({ example: 'evt_3f1c9a0b7d2e4c6a8b0d1e2f', description: 'Also the `webhook-id` of every delivery of this event.' }),
    object: z.literal('event'),
    type: z.string().openapi({ example: 'reward.created' }),
    created_at: z.string().openapi({ format: 'date-time' }),
    environment_id: z.string(),
    data: z.record(z.string(), z.unknown()).openapi({ description: 'The object after the change, as the API returns it.' }),
  })
  .openapi('Event');

export const EventPageSchema = PageSchema.extend({ data: z.array(EventSchema.partial()) }).openapi('EventPage');
