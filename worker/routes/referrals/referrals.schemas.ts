import { z } from '@hono/zod-openapi';
import { CurrencySchema, MinorUnitsSchema } from '../../domain/money';
import { BoundedMetadataSchema } from '../../lib/bounds';
import { DateTimeSchema, MetadataSchema, PageSchema } from '../../lib/openapi';
import { RewardSchema } from '../rewards/rewards.schemas';

const minorUnits = MinorUnitsSchema;

export const CreateReferralSchema = z
  .strictObject({
    code: z.string().trim().min(1).max(64).optional().openapi({ example: 'JANE-A1B2C3', description: "The referrer's code. Optional for a referee already linked to a referrer, and for refunds." }),
    coupon: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .optional()
      .openapi({ example: 'JANE-A1B2C3', description: "The discount code the customer entered at checkout. When it is a referrer's code, the event is that referrer's (no click needed); another coupon is ignored. `code` wins when both are sent." }),
    type: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'Use signup, sale, refund or a lower-case custom type.')
      .openapi({ example: 'sale' }),
    referee: z
      .strictObject({
        external_id: z.string().trim().min(1).max(255),
        email: z.string().trim().max(254).pipe(z.email()).nullable().optional(),
        name: z.string().trim().min(1).max(255).nullable().optional(),
      })
      .optional()
      .openapi({ description: 'The referred person. A signup creates (or links) them under the referrer.' }),
    amount: minorUnits.optional().openapi({ example: 4999, description: 'Sale amount in minor units.' }),
    currency: CurrencySchema.optional(),
    order_id: z.string().trim().min(1).max(255).optional().openapi({ example: 'order_1001', description: 'Required for sales and refunds; the same order never counts twice.' }),
    occurred_at: DateTimeSchema.optional().openapi({ description: 'Defaults to now.' }),
    metadata: BoundedMetadataSchema.optional(),
  })
  .superRefine((b, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (b.type === 'sale' || b.type === 'refund') {
      if (!b.order_id) issue('order_id', `Required for a ${b.type}.`);
    }
    if (b.type === 'sale' && b.amount === undefined) issue('amount', 'Required for a sale.');
    if (b.amount !== undefined && !b.currency) issue('currency', 'Required with an amount.');
    if (b.type !== 'refund' && !b.code && !b.coupon && !b.referee) issue('code', 'Send the referrer code (or the coupon used), or a referee already linked to a referrer.');
    if (b.type === 'signup' && !b.referee) issue('referee', 'A signup needs the referee.');
  })
  .openapi('CreateReferral', {
    example: { type: 'sale', code: 'JANE-7K2M9Q', referee: { external_id: 'cust_456', email: 'sam@example.com' }, amount: 12000, currency: 'USD', order_id: '1001' },
  });

export const ReferralSchema = z
  .object({
    id: z.string().openapi({ example: 'ref_7Hk2Lm9Np3Qr5St1Uv0W' }),
    object: z.literal('referral'),
    type: z.string(),
    status: z.enum(['qualified', 'not_qualified', 'rejected', 'refunded', 'recorded']),
    reasons: z
      .array(z.object({ rule_id: z.string().nullable(), reason: z.string().openapi({ example: 'below_min_amount' }) }))
      .openapi({ description: 'Why rules produced no reward, or why the event was rejected (self_referral, already_referred, cap_reached, …).' }),
    campaign_id: z.string(),
    referrer_id: z.string(),
    referee_id: z.string().nullable(),
    amount: z.number().int().nullable(),
    currency: z.string().nullable(),
    order_id: z.string().nullable(),
    refund_of: z.string().nullable(),
    rules_version: z.number().int(),
    metadata: MetadataSchema,
    occurred_at: z.string(),
    created_at: z.string(),
    rewards: z.array(RewardSchema),
  })
  .openapi('Referral');

export const ReferralPageSchema = PageSchema.extend({ data: z.array(ReferralSchema.partial()) }).openapi('ReferralPage');
