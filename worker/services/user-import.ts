import { and, eq, inArray, isNull } from 'drizzle-orm';
import { users } from '../db/schema';
import { CreateUserSchema } from '../routes/users/users.schemas';
import { AppError, type FieldError, zodFieldErrors } from '../lib/errors';
import type { ServiceContext } from './context';
import { createUser } from './users';

export type ImportRowResult =
  | { index: number; status: 'created' | 'existing'; id: string; referral_code: string }
  | { index: number; status: 'rejected'; errors: FieldError[] };

/**
 * Enrols rows one by one, in order, through the same path as POST /v1/users, so a row
 * repeating an earlier external_id (in this batch or any before) is reported as existing,
 * never created twice. A bad row is reported and skipped; it never fails the batch.
 */
export async function importUsers(ctx: ServiceContext, rows: Record<string, unknown>[], campaignId?: string) {
  const results: ImportRowResult[] = [];
  const known = await existingUsers(ctx, rows.flatMap((r) => (typeof r.external_id === 'string' ? [r.external_id.trim()] : [])));
  for (const [index, raw] of rows.entries()) {
    const row = withoutBlanks({ ...raw, ...(campaignId ? { campaign_id: campaignId } : {}) });
    if (row.external_id === undefined) {
      results.push({ index, status: 'rejected', errors: [{ field: 'external_id', message: 'Required: every row needs an external id.' }] });
      continue;
    }
    const parsed = CreateUserSchema.safeParse(row);
    if (!parsed.success) {
      results.push({ index, status: 'rejected', errors: zodFieldErrors(parsed.error) });
      continue;
    }
    // Re-imports are mostly repeats: answer those from one lookup instead of a create attempt each.
    const seen = known.get(parsed.data.external_id);
    if (seen) {
      results.push({ index, status: 'existing', ...seen });
      continue;
    }
    try {
      const { user, created } = await createUser(ctx, parsed.data, 'import');
      results.push({ index, status: created ? 'created' : 'existing', id: user.id, referral_code: user.referral_code });
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      results.push({ index, status: 'rejected', errors: err.errors ?? [{ field: '(row)', message: err.detail ?? err.title }] });
    }
  }
  const tally = (s: ImportRowResult['status']) => results.filter((r) => r.status === s).length;
  return { object: 'user_import' as const, created: tally('created'), existing: tally('existing'), rejected: tally('rejected'), results };
}

/** D1 binds at most 100 parameters per query; the environment takes one. */
const LOOKUP_CHUNK = 90;

async function existingUsers(ctx: ServiceContext, externalIds: string[]) {
  const unique = [...new Set(externalIds.filter(Boolean))];
  const found = new Map<string, { id: string; referral_code: string }>();
  for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) {
    const rows = await ctx.db
      .select({ id: users.id, externalId: users.externalId, code: users.referralCode })
      .from(users)
      .where(and(eq(users.environmentId, ctx.caller.environmentId), isNull(users.deletedAt), inArray(users.externalId, unique.slice(i, i + LOOKUP_CHUNK))));
    for (const r of rows) if (r.externalId) found.set(r.externalId, { id: r.id, referral_code: r.code });
  }
  return found;
}

/** A CSV's empty cell means "not given", not an empty string to validate. */
function withoutBlanks(row: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '')));
}
