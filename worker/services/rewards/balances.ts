import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { rewards, users } from '../../db/schema';
import type { ServiceContext } from '../../lib/service-context';
import { afterReleasingHolds } from './rewards';
import { getUser } from '../users/users';
import { ledgerTotalsQuery, toLedgerTotals } from '../ledger/entries';

interface MoneyTotals {
  currency: string;
  earned: number;
  pending: number;
  approved: number;
  paid: number;
  cancelled: number;
}

const emptyTotals = () => ({ earned: 0, pending: 0, approved: 0, paid: 0, cancelled: 0 });

/**
 * A user's rewards by status (gross: what each reward was earned at), and the ledger's sums
 * (`ledger`: the net balance per kind and currency, after partial refunds, refunds after payout,
 * payouts and spending; docs/ledger.md). Credit and points `balance` is the ledger's available +
 * paid: what the user holds after spending.
 */
export async function userBalance(ctx: ServiceContext, idOrExternalId: string) {
  const environmentId = ctx.caller.environmentId;
  // The user (a 404 if none) and its sums read side by side: the sums name the user through the
  // same lookup as getUser (id first, then external id), and run after the hold release in its batch.
  const userId = ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.environmentId, environmentId), isNull(users.deletedAt), or(eq(users.id, idOrExternalId), eq(users.externalId, idOrExternalId))))
    .orderBy(sql`${users.id} = ${idOrExternalId} DESC`)
    .limit(1);
  const sums = ctx.db
    .select({
      type: rewards.type,
      currency: rewards.currency,
      status: rewards.status,
      amount: sql<number>`coalesce(sum(${rewards.amount}), 0)`,
      points: sql<number>`coalesce(sum(${rewards.points}), 0)`,
      count: sql<number>`count(*)`,
    })
    .from(rewards)
    .where(and(eq(rewards.environmentId, environmentId), eq(rewards.userId, sql`(${userId})`)))
    .groupBy(rewards.type, rewards.currency, rewards.status);
  // The ledger's sums too: the hold release moves ledger amounts (its triggers), so they follow it in the batch.
  const ledgerSums = ledgerTotalsQuery(ctx, sql`(${userId})`);
  const [user, [rows, ledgerRows]] = await Promise.all([
    getUser(ctx, idOrExternalId),
    afterReleasingHolds<[Awaited<typeof sums>, Awaited<typeof ledgerSums>]>(ctx, [sums, ledgerSums]),
  ]);

  const money = new Map<string, MoneyTotals>();
  const credit = new Map<string, MoneyTotals>();
  const points = emptyTotals();
  const vouchers = emptyTotals();
  const add = (t: Omit<MoneyTotals, 'currency'>, status: (typeof rows)[number]['status'], value: number) => {
    t[status] += value;
    if (status !== 'cancelled') t.earned += value;
  };
  for (const r of rows) {
    if ((r.type === 'cash' || r.type === 'credit') && r.currency) {
      const totals = money.get(r.currency) ?? { currency: r.currency, ...emptyTotals() };
      money.set(r.currency, totals);
      add(totals, r.status, r.amount);
      if (r.type === 'credit') {
        const c = credit.get(r.currency) ?? { currency: r.currency, ...emptyTotals() };
        credit.set(r.currency, c);
        add(c, r.status, r.amount);
      }
    } else if (r.type === 'points') add(points, r.status, r.points);
    else if (r.type === 'voucher') add(vouchers, r.status, r.count);
  }
  const ledger = toLedgerTotals(ledgerRows);
  // Credit and points held: what the ledger says is approved or paid, less what was spent or refunded.
  const held = (kind: 'credit' | 'points', currency: string | null) => {
    const t = ledger.find((l) => l.kind === kind && l.currency === currency);
    return t ? t.available + t.paid : 0;
  };
  const sorted = <T extends { currency: string }>(m: Map<string, T>) => [...m.values()].sort((a, b) => a.currency.localeCompare(b.currency));
  return {
    object: 'balance' as const,
    user_id: user.id,
    currencies: sorted(money),
    credit: sorted(credit).map((c) => ({ ...c, balance: held('credit', c.currency) })),
    points: { ...points, balance: held('points', null) },
    vouchers: { earned: vouchers.earned, pending: vouchers.pending, approved: vouchers.approved, paid: vouchers.paid, cancelled: vouchers.cancelled },
    ledger,
  };
}
