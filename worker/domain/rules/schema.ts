import { z } from '@hono/zod-openapi';
import { CurrencySchema, MinorUnitsSchema } from '../money';

/** ISO 4217 codes only (the shared list in domain/money.ts); stored upper-case. */
export { CurrencySchema };

const minorUnits = MinorUnitsSchema;

export const RewardSpecSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('cash'), amount: minorUnits, currency: CurrencySchema }),
    z.strictObject({
      type: z.literal('percentage'),
      percent: z.number().gt(0).max(100).multipleOf(0.01).openapi({ example: 10, description: 'Of the sale amount, paid as cash in the sale currency.' }),
      max_amount: minorUnits.optional().openapi({ description: 'Cap per reward, in minor units.' }),
    }),
    z.strictObject({ type: z.literal('credit'), amount: minorUnits, currency: CurrencySchema }),
    z.strictObject({ type: z.literal('points'), points: z.number().int().min(1).max(1_000_000_000) }),
    z.strictObject({ type: z.literal('voucher'), pool_id: z.string().min(1).max(128) }),
  ])
  .openapi('RewardSpec');

export const RuleSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Use 1 to 64 letters, digits, _ or -.').openapi({ example: 'sale-10pct' }),
    name: z.string().trim().max(120).optional(),
    trigger: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'Use a lower-case event type such as signup or sale.').openapi({ example: 'sale' }),
    conditions: z
      .strictObject({
        min_amount: minorUnits.optional(),
        max_amount: minorUnits.optional(),
        currency: CurrencySchema.optional(),
        first_purchase_only: z.boolean().optional(),
        within_days_of_signup: z.number().int().min(0).max(3650).optional(),
        metadata_equals: z
          .record(z.string().max(255), z.union([z.string().max(1000), z.number(), z.boolean()]))
          .refine((m) => Object.keys(m).length <= 20, 'At most 20 keys.')
          .optional(),
      })
      .optional(),
    recipients: z
      .strictObject({ referrer: RewardSpecSchema.optional(), referee: RewardSpecSchema.optional() })
      .refine((r) => r.referrer || r.referee, 'Reward the referrer, the referee, or both.'),
    milestone: z
      .strictObject({
        every: z.boolean().openapi({ description: 'true: every Nth qualifying referral; false: only the Nth.' }),
        n: z.number().int().min(1).max(1_000_000),
      })
      .optional(),
    tiers: z
      .array(z.strictObject({ from: z.number().int().min(1).openapi({ description: "From the referrer's Nth qualifying referral on." }), referrer: RewardSpecSchema }))
      .max(20)
      .optional()
      .openapi({ description: "Replaces the referrer's reward from a count on, e.g. 10% for the first 5, 15% after: [{ from: 6, referrer: 15% }]." }),
    max_rewards_per_referrer: z.number().int().min(1).optional(),
    approval: z.enum(['auto', 'manual']).default('auto'),
    hold_days: z.number().int().min(0).max(365).default(0).openapi({ description: 'Cash and credit stay pending this many days (refund window).' }),
  })
  .refine((r) => r.conditions?.min_amount === undefined || r.conditions.max_amount === undefined || r.conditions.min_amount <= r.conditions.max_amount, {
    message: 'min_amount must not exceed max_amount.',
    path: ['conditions', 'min_amount'],
  })
  .openapi('Rule');

export const RulesSchema = z
  .array(RuleSchema)
  .max(50)
  .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, 'Rule ids must be unique within a campaign.');

export type RewardSpec = z.infer<typeof RewardSpecSchema>;
export type Rule = z.infer<typeof RuleSchema>;
