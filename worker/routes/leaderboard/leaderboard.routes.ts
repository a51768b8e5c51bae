import { scoped } from '../../lib/auth';
import { createRoute, z } from '@hono/zod-openapi';
import { CurrencySchema } from '../../domain/money';
import { errorResponses, IdParams, jsonContent } from '../../lib/openapi';

export const LeaderboardQuerySchema = z.strictObject({
  by: z.enum(['referrals', 'revenue', 'rewards']).default('referrals'),
  limit: z.coerce.number().int().min(10).max(100).default(10).openapi({ description: '10 to 100 (default 10).' }),
  currency: CurrencySchema.optional().openapi({ description: "For by=revenue: defaults to the currency of the campaign's first budget line, else USD." }),
});

export const LeaderboardSchema = z
  .object({
    object: z.literal('leaderboard'),
    campaign_id: z.string(),
    by: z.enum(['referrals', 'revenue', 'rewards']),
    currency: z.string().nullable(),
    data: z.array(
      z.object({
        rank: z.number().int(),
        user_id: z.string(),
        external_id: z.string().nullable(),
        name: z.string().nullable(),
        referral_code: z.string(),
        value: z.number().openapi({ description: 'Referrals, revenue in minor units, or rewards.' }),
      }),
    ),
  })
  .openapi('Leaderboard');

export const leaderboardRoute = createRoute({
  method: 'get',
  path: '/v1/campaigns/{id}/leaderboard',
  ...scoped('read'),
  tags: ['Campaigns'],
  summary: "A campaign's top referrers",
  description: '`referrals`: distinct referees in qualified events; `revenue`: sales not refunded, in one currency; `rewards`: rewards earned as referrer, not cancelled.',
  request: { params: IdParams, query: LeaderboardQuerySchema },
  responses: { 200: jsonContent(LeaderboardSchema, 'The leaderboard.'), ...errorResponses(400, 401, 403, 404) },
});
