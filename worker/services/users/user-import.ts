import { and, eq, isNull } from 'drizzle-orm';
import { inValues } from '../../db/d1-limits';
import { users } from '../../db/schema';
import { AppError, zodFieldErrors } from '../../lib/errors';
import type { ZodError } from 'zod';
import type { ServiceContext } from '../../lib/service-context';
import { createMany, type ImportRowResult, type PendingRow } from './user-import-bulk';
import { type CreateUserInput, createUser } from './users';

/** Checks one row as POST /v1/users checks its body (the route passes its schema's `safeParse`). */
export type ParseUserRow = (row: Record<string, unknown>) => { success: true; data: CreateUserInput } | { success: false; error: ZodError };

/**
 * Enrols a batch with the semantics of POST /v1/users, in order: a row repeating an
 * external_id (earlier in the batch or already stored) is `existing`, never created twice;
 * a bad row is `rejected` with its field errors and never fails the batch. New users are
 * inserted together (one code-minting call, one D1 batch); if that meets a conflict, the
 * rows go one by one through createUser instead.
 */
export async function importUsers(ctx: ServiceContext, parseRow: ParseUserRow, rows: Record<string, unknown>[], campaignId?: string) {
  const results = new Map<number, ImportRowResult>();
  const valid: PendingRow[] = [];
  for (const [index, raw] of rows.entries()) {
    const row = withoutBlanks({ ...raw, ...(campaignId ? { campaign_id: campaignId } : {}) });
    if (row.external_id === undefined) {
      results.set(index, { index, status: 'rejected', errors: [{ field: 'external_id', message: 'Required: every row needs an external id.' }] });
      continue;
    }
    const parsed = parseRow(row);
    if (parsed.success) valid.push({ index, input: parsed.data });
    else results.set(index, { index, status: 'rejected', errors: zodFieldErrors(parsed.error) });
  }

  // Re-imports are mostly repeats: answer those from one lookup.
  const known = await existingUsers(ctx, valid.map((r) => r.input.external_id));
  const pending: PendingRow[] = [];
  for (const r of valid) {
    const seen = known.get(r.input.external_id);
    if (seen) results.set(r.index, { index: r.index, status: 'existing', ...seen });
    else pending.push(r);
  }

  const bulk = await createMany(ctx, pending);
  if (bulk) for (const r of bulk) results.set(r.index, r);
  else for (const r of pending) results.set(r.index, await createOne(ctx, r));

  const ordered = [...results.values()].sort((a, b) => a.index - b.index);
  const tally = (s: ImportRowResult['status']) => ordered.filter((r) => r.status === s).length;
  return { object: 'user_import' as const, created: tally('created'), existing: tally('existing'), rejected: tally('rejected'), results: ordered };
}

async function createOne(ctx: ServiceContext, { index, input }: PendingRow): Promise<ImportRowResult> {
  try {
    const { user, created } = await createUser(ctx, input, 'import');
    return { index, status: created ? 'created' : 'existing', id: user.id, referral_code: user.referral_code };
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    return { index, status: 'rejected', errors: err.errors ?? [{ field: '(row)', message: err.detail ?? err.title }] };
  }
}

async function existingUsers(ctx: ServiceContext, externalIds: string[]) {
  const unique = [...new Set(externalIds)];
  const found = new Map<string, { id: string; referral_code: string }>();
  if (!unique.length) return found;
  const rows = await ctx.db
    .select({ id: users.id, externalId: users.externalId, code: users.referralCode })
    .from(users)
    .where(and(eq(users.environmentId, ctx.caller.environmentId), isNull(users.deletedAt), inValues(users.externalId, unique)));
  for (const r of rows) if (r.externalId) found.set(r.externalId, { id: r.id, referral_code: r.code });
  return found;
}

/** A CSV's empty cell means "not given", not an empty string to validate. */
function withoutBlanks(row: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '')));
}
