import { z } from '@hono/zod-openapi';
import { MAX_STATS_DAYS } from '../../domain/limits';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date such as 2026-11-23.')
  .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d), 'Not a calendar date.');

export const StatsQuerySchema = z.strictObject({
  from: day.optional().openapi({ example: '2026-11-01', description: 'First UTC day (default: 29 days before `to`).' }),
  to: day.optional().openapi({ example: '2026-11-30', description: `Last UTC day (default: today); at most ${MAX_STATS_DAYS} days in all.` }),
  campaign_id: z.string().min(1).max(128).optional(),
  user_id: z.string().min(1).max(255).optional().openapi({ description: 'A referrer: user id or external id.' }),
});

const money = (description: string) =>
  z.record(z.string(), z.number().int()).openapi({ example: { USD: 129900, EUR: 4500 }, description: `${description} Minor units per ISO 4217 currency; currencies with nothing are left out.` });

const counts = {
  visits: z.number().int().openapi({ description: 'Share-link visits (every counted click).' }),
  unique_visits: z.number().int(),
  signups: z.number().int().openapi({ description: 'Referred signups that happened that day (`occurred_at`); rejected ones excluded.' }),
  sales: z.number().int().openapi({ description: 'Referred sales that happened that day; rejected ones excluded, refunded ones included.' }),
  revenue: money("That day's sales net of refunds: a refunded sale counts what its refunds left of it (the refund lowers the sale's day)."),
  rewards: z.number().int().openapi({ description: 'Rewards issued (created) that day, cancelled ones excluded.' }),
  reward_value: money('The cash and credit rewards among them (points and vouchers carry no amount).'),
};

export const StatsSchema = z
  .object({
    object: z.literal('stats'),
    from: z.string(),
    to: z.string(),
    campaign_id: z.string().nullable(),
    user_id: z.string().nullable(),
    totals: z.object(counts),
    data: z.array(z.object({ day: z.string().openapi({ example: '2026-11-23' }), ...counts })),
  })
  .openapi('Stats');
