import { z } from '@hono/zod-openapi';

export const WidgetKeyParams = z.object({
  publishable_key: z.string().max(64).openapi({ param: { name: 'publishable_key', in: 'path' }, example: 'pk_test_Ab3dEf6gHi9jKl2mNo5pQr8sTu1vWx4yZa7bCd0e' }),
});

const Money = { amount: z.number().int().nullable(), currency: z.string().nullable() };

export const WidgetReferrerSchema = z
  .object({
    object: z.literal('widget_referrer'),
    name: z.string().nullable(),
    referral_code: z.string().openapi({ example: 'JANE-7K2M9Q' }),
    share_url: z.string(),
    sharing: z.array(z.object({ channel: z.enum(['email', 'sms', 'whatsapp', 'facebook', 'x', 'linkedin']), url: z.string() })),
    campaign: z.object({ name: z.string(), status: z.enum(['draft', 'live', 'paused', 'ended']) }),
    progress: z.object({
      qualified: z.number().int().openapi({ description: 'Qualified referrals (distinct referees).' }),
      next: z.object({ target: z.number().int(), kind: z.enum(['milestone', 'tier']), rule_id: z.string() }).nullable(),
    }),
    referrals: z.array(
      z.object({
        name: z.string().nullable().openapi({ example: 'Sam L.', description: 'First name and initial only.' }),
        email: z.string().nullable().openapi({ example: 's•••@e•••.com', description: 'Masked.' }),
        status: z.enum(['signed_up', 'qualified']),
        joined_at: z.string(),
      }),
    ),
    rewards: z.array(z.object({ type: z.enum(['cash', 'credit', 'points', 'voucher']), ...Money, points: z.number().int().nullable(), status: z.enum(['pending', 'approved', 'paid', 'cancelled']), created_at: z.string() })),
    balance: z.array(z.object({ type: z.string(), currency: z.string().nullable(), earned: z.number(), pending: z.number() })).openapi({
      description: 'Per reward type and currency, not cancelled: minor units for cash and credit, points, or a count of vouchers.',
    }),
    leaderboard: z.object({ rank: z.number().int(), qualified: z.number().int() }).nullable().openapi({ description: "Null unless the campaign's widget_leaderboard is on." }),
  })
  .openapi('WidgetReferrer');
