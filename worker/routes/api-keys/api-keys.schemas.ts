import { z } from '@hono/zod-openapi';
import { ALL_SCOPES, DEFAULT_SCOPES, GRANTABLE_SCOPES } from '../../domain/scopes';

const ScopeSchema = z.enum(ALL_SCOPES as [string, ...string[]]).openapi('Scope');

export const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: 'key_Pq3Rs8Tu1Vw6Xy0Za2Bc' }),
    object: z.literal('api_key'),
    name: z.string(),
    role: z.enum(['admin', 'standard', 'publishable']).openapi({ description: "Admin keys can also manage API keys; standard keys cannot. Publishable keys (`pk_…`) work only for the referral widget's endpoints, from the environment's allowed origins." }),
    scopes: z.array(ScopeSchema).openapi({ description: 'What the key may do. Admin keys hold every scope.' }),
    mode: z.enum(['live', 'test']),
    prefix: z.string().openapi({ example: 'rk_test_Ab3d' }),
    status: z.enum(['active', 'expiring', 'expired', 'revoked']),
    created_by: z.string().openapi({ description: 'The key (key_…) or admin that created this key.' }),
    rotated_from_id: z.string().nullable(),
    created_at: z.string().openapi({ format: 'date-time' }),
    last_used_at: z.string().nullable().openapi({ format: 'date-time', description: 'Refreshed at most once a minute.' }),
    expires_at: z.string().nullable().openapi({ format: 'date-time', description: 'Set when the key was rotated: the end of its grace period.' }),
    revoked_at: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('ApiKey');

export const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z.string().openapi({ example: 'rk_test_Ab3dEf6gHi9jKl2mNo5pQr8sTu1vWx4yZa7bCd0e', description: 'The key itself. Shown only in this response.' }),
}).openapi('CreatedApiKey');

export const RotatedApiKeySchema = CreatedApiKeySchema.extend({ previous: ApiKeySchema }).openapi('RotatedApiKey');

export const CreateApiKeySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).openapi({ example: 'Checkout backend' }),
    role: z.enum(['admin', 'standard', 'publishable']).optional().openapi({ description: "Defaults to 'standard'. 'publishable' makes a `pk_…` key for the referral widget (it holds no scopes)." }),
    scopes: z
      .array(z.enum(GRANTABLE_SCOPES))
      .max(GRANTABLE_SCOPES.length * 2)
      .optional()
      .openapi({
        example: [...DEFAULT_SCOPES],
        description: `A standard key's scopes; default ${DEFAULT_SCOPES.map((s) => `\`${s}\``).join(', ')}. keys:write, webhooks:write and environment:write come only with role 'admin'.`,
      }),
  })
  .openapi('CreateApiKey');

export const RotateApiKeySchema = z
  .strictObject({
    grace_period_seconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 3600)
      .optional()
      .openapi({ example: 86400, description: 'How long the old key keeps working (default 24 h; 0 stops it at once).' }),
  })
  .openapi('RotateApiKey');

export const ApiKeyListSchema = z.object({ data: z.array(ApiKeySchema) }).openapi('ApiKeyList');
