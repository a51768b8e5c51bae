import { z } from '@hono/zod-openapi';
import { CurrencySchema, MinorUnitsSchema } from '../../domain/money';
import { PageSchema } from '../../lib/openapi';

export const CreatePoolSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120).openapi({ example: '10% off, first order' }),
    campaign_id: z.string().min(1).max(128).optional(),
    currency: CurrencySchema.optional(),
    value: MinorUnitsSchema.optional().openapi({ description: "Face value of each voucher in minor units (informational)." }),
    low_stock_threshold: z.number().int().min(0).max(1_000_000).optional().openapi({ description: 'Report `low_stock` below this many available codes (default 10).' }),
  })
  .refine((b) => b.value === undefined || b.currency !== undefined, { path: ['currency'], message: 'Required with a value.' })
  .openapi('CreateVoucherPool');

const StockSchema = z.object({
  available: z.number().int(),
  assigned: z.number().int(),
  redeemed: z.number().int(),
  total: z.number().int(),
  waiting_rewards: z.number().int().openapi({ description: 'Voucher rewards waiting for a code (`pool_empty`).' }),
});

export const PoolSchema = z
  .object({
    id: z.string().openapi({ example: 'vpl_3kT9xQ2mW8pL5nR7vB1c' }),
    object: z.literal('voucher_pool'),
    name: z.string(),
    campaign_id: z.string().nullable(),
    currency: z.string().nullable(),
    value: z.number().int().nullable(),
    low_stock_threshold: z.number().int(),
    stock: StockSchema,
    low_stock: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('VoucherPool');

export const PoolPageSchema = PageSchema.extend({ data: z.array(PoolSchema.partial()) }).openapi('VoucherPoolPage');

const LineSchema = z.object({ line: z.number().int(), code: z.string(), reason: z.enum(['duplicate_in_upload', 'already_exists']), first_line: z.number().int().optional() });

export const UploadResultSchema = z
  .object({
    object: z.literal('voucher_upload'),
    pool_id: z.string(),
    received: z.number().int().openapi({ description: 'Non-blank rows (CSV) or array items (JSON).' }),
    inserted: z.number().int(),
    duplicates: z.number().int(),
    invalid: z.number().int(),
    duplicate_lines: z.array(LineSchema).openapi({ description: 'Lines (CSV, header = line 1) or 1-based positions (JSON); the first 1,000.' }),
    invalid_lines: z.array(z.object({ line: z.number().int(), reason: z.string() })),
    truncated: z.boolean(),
    rewards_filled: z.number().int().openapi({ description: 'Waiting voucher rewards that drew a code from this upload.' }),
    stock: StockSchema,
    low_stock: z.boolean(),
  })
  .openapi('VoucherUpload');

/** Documented by hand: the body is read in the handler, after the pool lookup, as JSON or CSV. */
export const uploadBodyDoc = {
  required: true,
  description: 'JSON `{ "codes": [...] }`, or `text/csv` with one code per row or a `code` column. Up to 100,000 codes and 8 MB.',
  content: {
    'application/json': { schema: { type: 'object' as const, required: ['codes'], properties: { codes: { type: 'array' as const, items: { type: 'string' as const }, maxItems: 100_000 } } } },
    'text/csv': { schema: { type: 'string' as const, example: 'code\nWELCOME-7K2M\nWELCOME-9QX4\n' } },
  },
};
