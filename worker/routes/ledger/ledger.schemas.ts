import { z } from '@hono/zod-openapi';
import { CurrencySchema, PositiveMinorUnitsSchema } from '../../domain/money';
import { IdParams, PageSchema } from '../../lib/openapi';

export const UserParams = IdParams.extend({
  id: z.string().min(1).max(255).openapi({ param: { name: 'id', in: 'path' }, description: 'The user id (usr_…) or your external_id.' }),
});

const KINDS = ['cash', 'credit', 'points'] as const;

export const LedgerEntrySchema = z
  .object({
    id: z.string(),
    object: z.literal('ledger_entry'),
    user_id: z.string(),
    type: z.enum(['earned', 'approved', 'paid', 'reversed', 'adjusted', 'spent']),
    kind: z.enum(KINDS),
    currency: z.string().nullable().openapi({ description: 'null for points.' }),
    amount: z.number().int().openapi({ description: 'Net effect: pending + available + paid (a move between buckets is 0).' }),
    pending: z.number().int(),
    available: z.number().int(),
    paid: z.number().int(),
    reason: z.string().nullable(),
    reward_id: z.string().nullable(),
    referral_id: z.string().nullable().openapi({ description: 'The event (sale, refund) that caused it.' }),
    payout_id: z.string().nullable(),
    campaign_id: z.string().nullable(),
    reference: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('LedgerEntry');

export const LedgerPageSchema = PageSchema.extend({ data: z.array(LedgerEntrySchema.partial()) }).openapi('LedgerEntryPage');

export const LedgerTotalsSchema = z
  .object({
    kind: z.enum(KINDS),
    currency: z.string().nullable(),
    pending: z.number().int().openapi({ description: 'Held or awaiting approval.' }),
    available: z.number().int().openapi({ description: 'Cash: approved and owed (negative: owed back). Credit and points: spendable, with paid.' }),
    paid: z.number().int(),
    owed_back: z.number().int().openapi({ description: 'A refund after payout not yet netted off by a payout.' }),
  })
  .openapi('LedgerTotals');

export const DebitSchema = z
  .strictObject({
    kind: z.enum(['credit', 'points']),
    currency: CurrencySchema.optional().openapi({ description: 'Required for credit; not for points.' }),
    amount: PositiveMinorUnitsSchema.openapi({ description: 'Minor units of credit, or points.', example: 500 }),
    reference: z.string().trim().min(1).max(255).optional().openapi({ example: 'checkout_8812', description: 'Your checkout or order id: a debit with a reference already used answers with the first.' }),
    reason: z.string().trim().min(1).max(255).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'credit' && !b.currency) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'Required for credit.' });
    if (b.kind === 'points' && b.currency) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'Points have no currency.' });
  })
  .openapi('Debit');

export const DebitResultSchema = z.object({ entry: LedgerEntrySchema, balances: z.array(LedgerTotalsSchema) }).openapi('DebitResult');
