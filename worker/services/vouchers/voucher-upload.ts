import { z } from 'zod';
import { checkCodes, MAX_CODES_PER_UPLOAD, type ParsedCodes, parseCodesCsv } from '../../domain/voucher-codes';
import { notFound, payloadTooLarge, validationError, zodFieldErrors } from '../../lib/errors';
import type { ServiceContext } from '../../lib/service-context';
import { insertVoucherCodes, refillWaitingRewards } from '../../ledger/voucher-stock';
import { findPool, type PoolStock, poolStocks } from './voucher-pools';
import { publishEvents } from '../../outbox/events';

/** At most this many duplicate and invalid lines are listed (all are counted). */
const MAX_LISTED = 1_000;

const UploadJsonSchema = z.strictObject({
  codes: z.array(z.string().max(1000)).min(1).max(MAX_CODES_PER_UPLOAD, `At most ${MAX_CODES_PER_UPLOAD} codes per upload.`),
});

export type UploadBody = { kind: 'json'; value: unknown } | { kind: 'csv'; text: string };

/**
 * Uploads codes into a pool: duplicates inside the upload and codes the environment already
 * has are reported with their lines and inserted once; the rest go in as one batch. Rewards
 * waiting on the pool then draw codes, oldest first.
 */
export async function uploadVouchers(ctx: ServiceContext, poolId: string, body: UploadBody) {
  const env = ctx.caller.environmentId;
  // The pool is looked up first: another environment's pool id is a 404 whatever the body says.
  const pool = await findPool(ctx.db, env, poolId);
  if (!pool) throw notFound('voucher pool', poolId);

  let parsed: ParsedCodes;
  if (body.kind === 'json') {
    const result = UploadJsonSchema.safeParse(body.value);
    if (!result.success) throw validationError(zodFieldErrors(result.error));
    parsed = checkCodes(result.data.codes);
  } else {
    const csv = parseCodesCsv(body.text);
    if (typeof csv === 'string') throw validationError([{ field: '(body)', message: csv }], csv);
    parsed = csv;
  }
  const received = parsed.rows.length + parsed.invalid.length;
  if (received === 0) throw validationError([{ field: '(body)', message: 'No codes found.' }], 'The upload holds no codes.');
  if (received > MAX_CODES_PER_UPLOAD) {
    throw payloadTooLarge('too-many-codes', 'Too many codes', `Upload at most ${MAX_CODES_PER_UPLOAD} codes at a time (this one has ${received}).`);
  }

  const seen = new Map<string, number>();
  const duplicates: { line: number; code: string; reason: 'duplicate_in_upload' | 'already_exists'; first_line?: number }[] = [];
  const fresh: { line: number; code: string }[] = [];
  for (const row of parsed.rows) {
    const first = seen.get(row.code);
    if (first !== undefined) duplicates.push({ line: row.line, code: row.code, reason: 'duplicate_in_upload', first_line: first });
    else {
      seen.set(row.code, row.line);
      fresh.push(row);
    }
  }
  const inserted = await insertVoucherCodes(ctx.db, env, pool.id, fresh.map((r) => r.code));
  for (const row of fresh) if (!inserted.has(row.code)) duplicates.push({ line: row.line, code: row.code, reason: 'already_exists' });
  duplicates.sort((a, b) => a.line - b.line);

  // Even when nothing new went in: a retried upload must still fill rewards that the first
  // attempt's refill left waiting (its codes are in, so this time they are all duplicates).
  const { filled, eventIds } = await refillWaitingRewards(ctx.db, env, pool.id);
  await publishEvents(ctx.env, eventIds);
  const stock = (await poolStocks(ctx.db, env, [pool.id])).get(pool.id) as PoolStock;
  return {
    object: 'voucher_upload' as const,
    pool_id: pool.id,
    received,
    inserted: inserted.size,
    duplicates: duplicates.length,
    invalid: parsed.invalid.length,
    duplicate_lines: duplicates.slice(0, MAX_LISTED),
    invalid_lines: parsed.invalid.slice(0, MAX_LISTED),
    truncated: duplicates.length > MAX_LISTED || parsed.invalid.length > MAX_LISTED,
    rewards_filled: filled,
    stock,
    low_stock: stock.available < pool.lowStockThreshold,
  };
}
