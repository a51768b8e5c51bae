import { z } from '@hono/zod-openapi';
import { CurrencySchema, PositiveMinorUnitsSchema } from '../../domain/money';
import { PageSchema } from '../../lib/openapi';
import { MAX_BULK_IDS, MAX_PER_PAGE } from '../../domain/limits';
import { PAYOUT_FORMATS } from '../../services/payouts/payout-export';

export const CreatePayoutSchema = z
  .strictObject({
    currency: CurrencySchema.optional().openapi({ description: 'Only this currency (default: every currency owed).' }),
    minimum: PositiveMinorUnitsSchema.optional().openapi({ description: 'The smallest line paid, in minor units (default 1): a user owed less stays owed.', example: 5000 }),
    minimums: z
      .record(CurrencySchema, PositiveMinorUnitsSchema)
      .optional()
      .refine((m) => m === undefined || Object.keys(m).length <= 50, 'At most 50 currencies.')
      .openapi({ description: 'Per currency, overriding minimum.', example: { USD: 5000, EUR: 5000, JPY: 700 } }),
    note: z.string().trim().min(1).max(500).optional(),
  })
  .openapi('CreatePayout');

const TotalsSchema = z.object({ currency: z.string(), amount: z.number().int(), lines: z.number().int(), pending: z.number().int(), paid: z.number().int(), failed: z.number().int() });

export const PayoutSchema = z
  .object({
    id: z.string(),
    object: z.literal('payout'),
    status: z.enum(['pending', 'partially_settled', 'paid', 'failed', 'settled']),
    currency: z.string().nullable(),
    minimum: z.number().int(),
    note: z.string().nullable(),
    totals: z.array(TotalsSchema),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Payout');

export const PayoutPageSchema = PageSchema.extend({ data: z.array(PayoutSchema.partial()) }).openapi('PayoutPage');

export const PayoutLineSchema = z
  .object({
    id: z.string(),
    object: z.literal('payout_line'),
    payout_id: z.string(),
    user_id: z.string(),
    currency: z.string(),
    amount: z.number().int().openapi({ description: 'Minor units this line pays: its rewards plus carried.' }),
    carried: z.number().int().openapi({ description: 'Netted from the balance besides the rewards: negative after a refund after payout.' }),
    status: z.enum(['pending', 'paid', 'failed']),
    reference: z.string().nullable(),
    failure_reason: z.string().nullable(),
    paid_at: z.string().nullable(),
    failed_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('PayoutLine');

export const PayoutLinePageSchema = PageSchema.extend({ data: z.array(PayoutLineSchema.partial()) }).openapi('PayoutLinePage');

export const SettlePayoutSchema = z
  .strictObject({
    reference: z.string().trim().min(1).max(255).optional().openapi({ description: "The rail's reference (PayPal batch id, Wise batch reference).", example: 'PAYOUTBATCH-8XK2' }),
    reason: z.string().trim().min(1).max(500).optional().openapi({ description: 'For failed.' }),
    line_ids: z.array(z.string().min(1).max(64)).min(1).max(MAX_BULK_IDS).optional().openapi({ description: 'Only these lines (default: every open line).' }),
  })
  .openapi('SettlePayout');

export const ExportQuerySchema = z.object({
  format: z.enum(PAYOUT_FORMATS).default('csv').openapi({ description: 'paypal (Payouts Web CSV), wise (batch CSV, send by email), csv, json.' }),
  currency: CurrencySchema.optional(),
});

export const OwedQuerySchema = z.object({
  currency: CurrencySchema.optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).openapi({ description: 'Page number, from 1.', example: 1 }),
  per_page: z.coerce.number().int().min(1).max(MAX_PER_PAGE).default(25).openapi({ description: `Rows per page, at most ${MAX_PER_PAGE}.`, example: 25 }),
});

export const OwedPageSchema = PageSchema.extend({
    object: z.literal('list'),
    data: z.array(
      z.object({
        user_id: z.string(),
        external_id: z.string().nullable(),
        email: z.string().nullable(),
        currency: z.string(),
        payable: z.number().int(),
        carried: z.number().int(),
        waiting: z.number().int(),
        pending: z.number().int(),
      }),
    ),
  })
  .openapi('Owed');
