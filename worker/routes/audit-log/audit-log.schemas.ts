import { z } from '@hono/zod-openapi';
import { PageSchema } from '../../lib/openapi';

const Snapshot = z.record(z.string(), z.unknown()).nullable();

export const AuditEntrySchema = z
  .object({
    id: z.string().openapi({ example: 'aud_3f1c9a0b7d2e4c6a8b0d' }),
    object: z.literal('audit_entry'),
    action: z.string().openapi({ example: 'campaign.updated', description: 'What was done: `<resource>.<verb>`.' }),
    target_type: z.string().openapi({ example: 'campaign' }),
    target_id: z.string().openapi({ example: 'cmp_3f1c9a0b7d2e4c6a8b0d' }),
    actor_type: z.enum(['api_key', 'admin', 'system']),
    actor_id: z.string().openapi({ description: 'The API key id (key_…) or the admin id (adm_…).' }),
    actor: z.string().openapi({ example: 'rk_live_AbC1', description: "The key's prefix or the admin's email." }),
    before: Snapshot.openapi({ description: 'The object before the change, as the API showed it (null for a creation).' }),
    after: Snapshot.openapi({ description: 'The object after the change (null for a deletion).' }),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    request_id: z.string().nullable(),
    created_at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('AuditEntry');

export const AuditPageSchema = PageSchema.extend({ data: z.array(AuditEntrySchema.partial()) }).openapi('AuditPage');
