import { and, count, eq, or, type SQL, sql } from 'drizzle-orm';
import { type LedgerEntry, ledgerEntries, users } from '../../db/schema';
import { toCsv } from '../../domain/csv';
import { notFound } from '../../lib/errors';
import { type ListRequest, type ListSpec, listPage, pickFields } from '../../lib/list-query';
import type { ServiceContext } from '../../lib/service-context';
import { releaseHolds } from '../../ledger/reward-transitions';

/** A ledger entry as the API answers it: `amount` is its net effect (pending + available + paid). */
export function toLedgerEntryResource(e: LedgerEntry) {
  return {
    id: e.id,
    object: 'ledger_entry' as const,
    user_id: e.userId,
    type: e.type,
    kind: e.kind,
    currency: e.currency,
    amount: e.pending + e.available + e.paid,
    pending: e.pending,
    available: e.available,
    paid: e.paid,
    reason: e.reason,
    reward_id: e.rewardId,
    referral_id: e.referralId,
    payout_id: e.payoutId,
    campaign_id: e.campaignId,
    reference: e.reference,
    created_at: e.createdAt,
  };
}

export type LedgerEntryResource = ReturnType<typeof toLedgerEntryResource>;

export const ledgerListSpec: ListSpec = {
  columns: {
    id: ledgerEntries.id,
    type: ledgerEntries.type,
    kind: ledgerEntries.kind,
    currency: ledgerEntries.currency,
    reason: ledgerEntries.reason,
    reward_id: ledgerEntries.rewardId,
    referral_id: ledgerEntries.referralId,
    payout_id: ledgerEntries.payoutId,
    campaign_id: ledgerEntries.campaignId,
    created_at: ledgerEntries.createdAt,
  },
  fields: Object.keys(toLedgerEntryResource({} as LedgerEntry)),
  relations: [],
  defaultOrder: 'created_at',
};

/** The user's id for an id or external id (deleted users keep their ledger). */
export async function ledgerUserId(ctx: ServiceContext, idOrExternalId: string): Promise<string> {
  const row = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.environmentId, ctx.caller.environmentId), or(eq(users.id, idOrExternalId), eq(users.externalId, idOrExternalId))))
    .orderBy(sql`${users.id} = ${idOrExternalId} DESC`)
    .get();
  if (!row) throw notFound('user', idOrExternalId);
  return row.id;
}

const scopeOf = (environmentId: string, userId: string) => and(eq(ledgerEntries.environmentId, environmentId), eq(ledgerEntries.userId, userId));

export async function listUserLedger(ctx: ServiceContext, idOrExternalId: string, request: ListRequest) {
  const [userId] = await Promise.all([ledgerUserId(ctx, idOrExternalId), releaseHolds(ctx.db, { environmentId: ctx.caller.environmentId })]);
  return listPage(ctx.origin, request, ledgerListSpec, {
    idColumn: ledgerEntries.id,
    scope: scopeOf(ctx.caller.environmentId, userId),
    select: (where) => ctx.db.select().from(ledgerEntries).where(where),
    count: (where) => ctx.db.select({ total: count() }).from(ledgerEntries).where(where),
  }, (rows, query) => rows.map((r) => pickFields(toLedgerEntryResource(r), query.fields, [])));
}

export interface LedgerTotals {
  kind: 'cash' | 'credit' | 'points';
  currency: string | null;
  pending: number;
  available: number;
  paid: number;
  /** What the user owes back (a refund after payout not yet netted off): -available when negative. */
  owed_back: number;
}

/** A balance is the sum of the entries, per kind and currency. */
export async function ledgerTotals(ctx: ServiceContext, userId: string): Promise<LedgerTotals[]> {
  return toLedgerTotals(await ledgerTotalsQuery(ctx, userId).all());
}

/**
 * The query behind ledgerTotals, for a caller that runs it in its own db.batch (after a hold
 * release, in one round trip). `userId` may be a subquery naming the user.
 */
export function ledgerTotalsQuery(ctx: ServiceContext, userId: string | SQL) {
  return ctx.db
    .select({
      kind: ledgerEntries.kind,
      currency: ledgerEntries.currency,
      pending: sql<number>`coalesce(sum(${ledgerEntries.pending}), 0)`,
      available: sql<number>`coalesce(sum(${ledgerEntries.available}), 0)`,
      paid: sql<number>`coalesce(sum(${ledgerEntries.paid}), 0)`,
    })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.environmentId, ctx.caller.environmentId), eq(ledgerEntries.userId, userId)))
    .groupBy(ledgerEntries.kind, ledgerEntries.currency)
    .orderBy(ledgerEntries.kind, ledgerEntries.currency);
}

export function toLedgerTotals(rows: Awaited<ReturnType<typeof ledgerTotalsQuery>>): LedgerTotals[] {
  return rows.map((r) => ({ ...r, owed_back: r.available < 0 ? -r.available : 0 }));
}

const CSV_HEADER = ['id', 'created_at', 'type', 'kind', 'currency', 'amount', 'pending', 'available', 'paid', 'reason', 'reward_id', 'referral_id', 'payout_id', 'campaign_id', 'reference'];
/** One export reads at most this many entries (a user with more exports by date range through the list). */
export const MAX_EXPORT_ENTRIES = 50_000;

/** The user's whole ledger as CSV, oldest first. */
export async function exportUserLedgerCsv(ctx: ServiceContext, idOrExternalId: string): Promise<string> {
  const userId = await ledgerUserId(ctx, idOrExternalId);
  const rows = await ctx.db.select().from(ledgerEntries).where(scopeOf(ctx.caller.environmentId, userId)).orderBy(ledgerEntries.createdAt, ledgerEntries.id).limit(MAX_EXPORT_ENTRIES).all();
  return toCsv([
    CSV_HEADER,
    ...rows.map((e) => {
      const r = toLedgerEntryResource(e);
      return [r.id, r.created_at, r.type, r.kind, r.currency, r.amount, r.pending, r.available, r.paid, r.reason, r.reward_id, r.referral_id, r.payout_id, r.campaign_id, r.reference];
    }),
  ]);
}

