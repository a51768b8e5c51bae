import { z } from '@hono/zod-openapi';
import { CurrencySchema, PositiveMinorUnitsSchema } from '../../domain/money';
import { PageSchema } from '../../lib/openapi';
import { LedgerTotalsSchema } from '../ledger/ledger.schemas';
import { MAX_BULK_IDS } from '../../domain/limits';

const STATUSES = ['pending', 'approved', 'paid', 'cancelled'] as const;

export const RewardSchema = z
  .object({
    id: z.string().openapi({ example: 'rwd_0aB1cD2eF3gH4iJ5kL6m' }),
    object: z.literal('reward'),
    campaign_id: z.string(),
    referral_id: z.string().nullable().openapi({ description: 'The event that earned it; null for rewards issued by hand.' }),
    user_id: z.string(),
    recipient: z.enum(['referrer', 'referee']),
    type: z.enum(['cash', 'credit', 'points', 'voucher']),
    amount: z.number().int().nullable(),
    currency: z.string().nullable(),
    points: z.number().int().nullable(),
    voucher_pool_id: z.string().nullable(),
    voucher_code: z.string().nullable(),
    status: z.enum(STATUSES),
    status_reason: z.string().nullable().openapi({ example: 'awaiting_approval', description: 'awaiting_approval, on_hold, awaiting_voucher, pool_empty, refunded, or a cancel reason.' }),
    hold_until: z.string().nullable(),
    needs_review: z.boolean(),
    rule_id: z.string().nullable(),
    rules_version: z.number().int().nullable(),
    note: z.string().nullable(),
    payout_reference: z.string().nullable(),
    reversed_amount: z.number().int().openapi({ description: 'What refunds took back (minor units, or points): the reward is worth amount − reversed_amount. See docs/ledger.md.' }),
    payout_id: z.string().nullable().openapi({ description: 'The payout batch this reward is reserved in or was paid by.' }),
    approved_at: z.string().nullable(),
    paid_at: z.string().nullable(),
    cancelled_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Reward');

export const RewardPageSchema = PageSchema.extend({ data: z.array(RewardSchema.partial()) }).openapi('RewardPage');

const minorUnits = PositiveMinorUnitsSchema;

export const CreateRewardSchema = z
  .strictObject({
    user_id: z.string().trim().min(1).max(255).openapi({ description: 'The recipient: user id (usr_…) or your external_id.' }),
    recipient: z.enum(['referrer', 'referee']).default('referrer').openapi({ description: 'The role the user is rewarded in.' }),
    campaign_id: z.string().min(1).max(128).optional().openapi({ description: "Defaults to the user's campaign." }),
    type: z.enum(['cash', 'credit', 'points', 'voucher']),
    amount: minorUnits.optional().openapi({ description: 'cash and credit: minor units.', example: 500 }),
    currency: CurrencySchema.optional(),
    points: z.number().int().min(1).max(1_000_000_000).optional(),
    pool_id: z.string().min(1).max(128).optional().openapi({ description: 'voucher: the pool to draw a code from.' }),
    note: z.string().trim().min(1).max(1000).optional(),
    status: z.enum(['approved', 'pending']).default('approved').openapi({ description: 'pending: waits for approval (a voucher gets its code reserved meanwhile). Approved vouchers are approved when they get a code.' }),
  })
  .superRefine((b, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const money = b.type === 'cash' || b.type === 'credit';
    if (money && b.amount === undefined) issue('amount', `Required for ${b.type}.`);
    if (money && !b.currency) issue('currency', `Required for ${b.type}.`);
    if (!money && b.amount !== undefined) issue('amount', 'Only for cash and credit.');
    if (!money && b.currency !== undefined) issue('currency', 'Only for cash and credit.');
    if (b.type === 'points' && b.points === undefined) issue('points', 'Required for points.');
    if (b.type !== 'points' && b.points !== undefined) issue('points', 'Only for points.');
    if (b.type === 'voucher' && !b.pool_id) issue('pool_id', 'Required for a voucher.');
    if (b.type !== 'voucher' && b.pool_id !== undefined) issue('pool_id', 'Only for vouchers.');
  })
  .openapi('CreateReward');

export const ApproveRewardSchema = z.strictObject({}).openapi('ApproveReward');
export const PayRewardSchema = z
  .strictObject({ payout_reference: z.string().trim().min(1).max(255).optional().openapi({ example: 'po_2026_11_0042', description: 'Your payout system’s reference.' }) })
  .openapi('PayReward');
export const CancelRewardSchema = z
  .strictObject({ reason: z.string().trim().min(1).max(255).optional().openapi({ example: 'fraud_suspected', description: "Stored as status_reason (default 'cancelled_by_admin')." }) })
  .openapi('CancelReward');

export const BulkRewardsSchema = z
  .strictObject({
    action: z.enum(['approve', 'pay', 'cancel']),
    ids: z.array(z.string().min(1).max(128)).min(1).max(MAX_BULK_IDS, `At most ${MAX_BULK_IDS} ids per request.`),
    payout_reference: z.string().trim().min(1).max(255).optional().openapi({ description: 'For pay.' }),
    reason: z.string().trim().min(1).max(255).optional().openapi({ description: 'For cancel.' }),
  })
  .superRefine((b, ctx) => {
    if (b.payout_reference !== undefined && b.action !== 'pay') ctx.addIssue({ code: 'custom', path: ['payout_reference'], message: 'Only with action pay.' });
    if (b.reason !== undefined && b.action !== 'cancel') ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Only with action cancel.' });
  })
  .openapi('BulkRewards');

export const BulkResultSchema = z
  .object({
    object: z.literal('bulk_result'),
    action: z.enum(['approve', 'pay', 'cancel']),
    summary: z.object({ requested: z.number().int(), succeeded: z.number().int(), failed: z.number().int() }),
    results: z.array(
      z.object({
        id: z.string(),
        ok: z.boolean(),
        status: z.enum(STATUSES).nullable().openapi({ description: 'The state the reward is in now (null: no such reward).' }),
        reward: RewardSchema.optional(),
        error: z.object({ type: z.string(), detail: z.string() }).optional(),
      }),
    ),
  })
  .openapi('BulkResult');

const moneyTotals = { earned: z.number().int(), pending: z.number().int(), approved: z.number().int(), paid: z.number().int(), cancelled: z.number().int() };

export const BalanceSchema = z
  .object({
    object: z.literal('balance'),
    user_id: z.string(),
    currencies: z.array(z.object({ currency: z.string(), ...moneyTotals })).openapi({ description: 'Cash and credit per currency; earned = pending + approved + paid.' }),
    credit: z.array(z.object({ currency: z.string(), ...moneyTotals, balance: z.number().int() })).openapi({ description: 'Credit alone; balance = what the ledger holds (approved + paid, less refunds and spending).' }),
    points: z.object({ ...moneyTotals, balance: z.number().int() }),
    vouchers: z.object(moneyTotals).openapi({ description: 'Counts of voucher rewards.' }),
    ledger: z.array(LedgerTotalsSchema).openapi({ description: 'The sum of the ledger entries per kind and currency (docs/ledger.md): the net balance.' }),
  })
  .openapi('Balance');
