import { z } from '@hono/zod-openapi';
import { ReferralSchema } from '../referrals/referrals.schemas';

export const VoucherSchema = z
  .object({
    id: z.string(),
    object: z.literal('voucher'),
    code: z.string(),
    pool_id: z.string(),
    status: z.enum(['available', 'assigned', 'redeemed']),
    reward_id: z.string().nullable(),
    assigned_at: z.string().nullable(),
    redeemed_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('Voucher');

export const RedemptionSchema = z
  .object({
    object: z.literal('voucher_redemption'),
    voucher: VoucherSchema,
    referral: ReferralSchema.nullable().openapi({
      description: "The `voucher_redeemed` event logged for the referee who received the voucher, when the campaign has a rule on that trigger; else null.",
    }),
  })
  .openapi('VoucherRedemption');

export const RedeemBodySchema = z.strictObject({}).openapi('RedeemVoucher');

export const CodeParams = z.object({
  code: z.string().trim().min(1).max(64).openapi({ param: { name: 'code', in: 'path' }, example: 'WELCOME-7K2M' }),
});
