import { and, eq, sql } from 'drizzle-orm';
import { events, type LedgerEntry, ledgerEntries } from '../../db/schema';
import { conflict } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { ServiceContext } from '../../lib/service-context';
import { eventId, publishEvents } from '../../outbox/events';
import { ledgerTotals, ledgerUserId, toLedgerEntryResource } from './entries';

export interface DebitInput {
  kind: 'credit' | 'points';
  currency?: string;
  amount: number;
  /** The shop's reference (an order or checkout id): the same reference is the same debit. */
  reference?: string;
  reason?: string;
}

const ENTRY_JSON = sql.raw(`json_object('id', l.id, 'object', 'ledger_entry', 'user_id', l.user_id, 'type', l.type, 'kind', l.kind,
  'currency', l.currency, 'amount', l.pending + l.available + l.paid, 'pending', l.pending, 'available', l.available, 'paid', l.paid,
  'reason', l.reason, 'reward_id', l.reward_id, 'referral_id', l.referral_id, 'payout_id', l.payout_id, 'campaign_id', l.campaign_id,
  'reference', l.reference, 'created_at', l.created_at)`);

/**
 * Spends credit or points (a shop redeeming them at checkout). One conditional insert: the entry
 * is written only if the balance (available + paid of that kind and currency) covers it, so
 * concurrent debits can never take it below zero; its `balance.debited` event is in the same batch.
 * A debit with a reference already used answers with the first (idempotent); a retried request with
 * the same Idempotency-Key is replayed by the middleware.
 */
export async function debitBalance(ctx: ServiceContext, idOrExternalId: string, input: DebitInput) {
  const environmentId = ctx.caller.environmentId;
  const userId = await ledgerUserId(ctx, idOrExternalId);
  const currency = input.kind === 'points' ? null : (input.currency as string);
  const id = newId('led');
  const now = new Date().toISOString();
  const reference = input.reference ?? null;
  const sameBalance = sql`environment_id = ${environmentId} AND user_id = ${userId} AND kind = ${input.kind} AND currency IS ${currency}`;
  const [inserted] = await ctx.db.batch([
    ctx.db
      .insert(ledgerEntries)
      .select(
        sql`SELECT ${id}, ${environmentId}, ${userId}, NULL, NULL, NULL, NULL, 'spent', ${input.kind}, ${currency}, 0, ${-input.amount}, 0, ${input.reason ?? 'debit'}, ${reference}, ${now}
          WHERE (SELECT coalesce(sum(available + paid), 0) FROM ledger_entries WHERE ${sameBalance}) >= ${input.amount}`,
      )
      .onConflictDoNothing()
      .returning({ id: ledgerEntries.id }),
    ctx.db
      .insert(events)
      .select(sql`SELECT ${eventId('balance.debited', id)}, l.environment_id, 'balance.debited', ${ENTRY_JSON}, ${now}, NULL FROM ledger_entries l WHERE l.id = ${id}`)
      .onConflictDoNothing(),
  ]);
  const written = inserted.length === 1;
  if (written) {
    await publishEvents(ctx.env, [eventId('balance.debited', id)]);
    const entry = (await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.id, id)).get()) as LedgerEntry;
    return { created: true, debit: { entry: toLedgerEntryResource(entry), balances: await ledgerTotals(ctx, userId) } };
  }
  if (reference !== null) {
    const first = await ctx.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.environmentId, environmentId), eq(ledgerEntries.userId, userId), eq(ledgerEntries.type, 'spent'), eq(ledgerEntries.reference, reference)))
      .get();
    if (first) {
      if (first.kind !== input.kind || first.currency !== currency || -first.available !== input.amount) {
        throw conflict('debit-reference-reused', 'Reference already used', `Debit reference '${reference}' was used for another debit (${-first.available} ${first.currency ?? 'points'}).`, [
          { field: 'reference', message: 'Already used by another debit.' },
        ]);
      }
      return { created: false, debit: { entry: toLedgerEntryResource(first), balances: await ledgerTotals(ctx, userId) } };
    }
  }
  const balances = await ledgerTotals(ctx, userId);
  const have = balances.find((b) => b.kind === input.kind && b.currency === currency);
  const spendable = have ? have.available + have.paid : 0;
  throw conflict('insufficient-balance', 'Insufficient balance', `The user holds ${spendable} ${currency ?? 'points'}; a debit of ${input.amount} would take it below zero.`, [
    { field: 'amount', message: `At most ${Math.max(0, spendable)}.` },
  ]);
}
