import { and, count, eq, type SQL, sql } from 'drizzle-orm';
import { events, ledgerEntries, type Payout, type PayoutLine, payoutLines, payouts, rewards } from '../../db/schema';
import { conflict, notFound, unprocessable } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { type ListRequest, type ListSpec, listPage, pagination, pickFields } from '../../lib/list-query';
import type { ServiceContext } from '../../lib/service-context';
import { releaseHolds } from '../../ledger/reward-transitions';
import { eventId, publishEvents } from '../../outbox/events';
import { rewardEventsInsert } from '../../outbox/state-events';

export interface CreatePayoutInput {
  currency?: string;
  /** Smallest line paid, in minor units (default 1); `minimums` overrides it per currency. */
  minimum?: number;
  minimums?: Record<string, number>;
  note?: string;
}

export function toPayoutLineResource(l: PayoutLine) {
  return {
    id: l.id,
    object: 'payout_line' as const,
    payout_id: l.payoutId,
    user_id: l.userId,
    currency: l.currency,
    amount: l.amount,
    carried: l.carried,
    status: l.status,
    reference: l.reference,
    failure_reason: l.failureReason,
    paid_at: l.paidAt,
    failed_at: l.failedAt,
    created_at: l.createdAt,
  };
}

type Totals = { currency: string; amount: number; lines: number; pending: number; paid: number; failed: number };

export function toPayoutResource(p: Payout, totals: Totals[]) {
  const open = totals.reduce((n, t) => n + t.pending, 0);
  const paid = totals.reduce((n, t) => n + t.paid, 0);
  const failed = totals.reduce((n, t) => n + t.failed, 0);
  const status: 'pending' | 'partially_settled' | 'paid' | 'failed' | 'settled' =
    open > 0 ? (paid + failed > 0 ? 'partially_settled' : 'pending') : failed === 0 ? 'paid' : paid === 0 ? 'failed' : 'settled';
  return { id: p.id, object: 'payout' as const, status, currency: p.currency, minimum: p.minimum, note: p.note, totals, created_at: p.createdAt, updated_at: p.updatedAt };
}

const TOTALS = (payoutId: string | SQL) => sql`(SELECT json_group_array(json_object('currency', currency, 'amount', amount, 'lines', lines, 'pending', pending, 'paid', paid, 'failed', failed)) FROM (
  SELECT currency, sum(amount) AS amount, count(*) AS lines, sum(status = 'pending') AS pending, sum(status = 'paid') AS paid, sum(status = 'failed') AS failed
  FROM payout_lines WHERE payout_id = ${payoutId} GROUP BY currency ORDER BY currency))`;

/** The event's data: the payout as the API shows it, built by SQLite inside the batch that changed it. */
const payoutEventInsert = (ctx: ServiceContext, type: 'payout.created' | 'payout.paid' | 'payout.failed', id: string, payoutId: string, now: string, when: SQL) =>
  ctx.db.insert(events).select(
    sql`SELECT ${id}, p.environment_id, ${type}, json_object('id', p.id, 'object', 'payout', 'currency', p.currency, 'minimum', p.minimum, 'note', p.note,
        'totals', json(${TOTALS(payoutId)}), 'created_at', p.created_at, 'updated_at', p.updated_at), ${now}, NULL
        FROM payouts p WHERE p.id = ${payoutId} AND ${when}`,
  ).onConflictDoNothing();

/** A reward's worth after refunds. */
const NET = sql.raw('(coalesce(r.amount, 0) - r.reversed_amount)');

/**
 * Gathers approved cash owed per user and currency into a batch, in ONE D1 batch: the lines (each
 * pays the user's approved, unflagged, unreserved rewards plus what the ledger carries besides them:
 * negative after a refund after payout), the rewards reserved for it, the payout and its event. A
 * user and currency with a line still open in another batch is left out (nothing is netted twice);
 * a line below the minimum stays owed for a later batch. Held (pending) and flagged rewards wait.
 */
export async function createPayout(ctx: ServiceContext, input: CreatePayoutInput) {
  const environmentId = ctx.caller.environmentId;
  await releaseHolds(ctx.db, { environmentId });
  const id = newId('pay');
  const now = new Date().toISOString();
  const base = input.minimum ?? 1;
  const perCurrency = Object.entries(input.minimums ?? {});
  const minimum = perCurrency.length ? sql`CASE o.currency ${sql.join(perCurrency.map(([c, m]) => sql`WHEN ${c} THEN ${Math.max(1, m)} `), sql``)} ELSE ${Math.max(1, base)} END` : sql`${Math.max(1, base)}`;
  const currencyOnly = input.currency ? sql`AND currency = ${input.currency}` : sql``;
  const line = sql`coalesce(a.eligible, 0) + o.available - coalesce(a.all_net, 0)`;
  const created = eventId('payout.created', id);
  await ctx.db.batch([
    ctx.db.insert(payoutLines).select(
      sql`SELECT 'pol_' || lower(hex(randomblob(10))), ${id}, ${environmentId}, o.user_id, o.currency, ${line}, o.available - coalesce(a.all_net, 0), 'pending', NULL, NULL, NULL, NULL, ${now}
      FROM (SELECT user_id, currency, sum(available) AS available FROM ledger_entries WHERE environment_id = ${environmentId} AND kind = 'cash' ${currencyOnly} GROUP BY user_id, currency) o
      LEFT JOIN (SELECT r.user_id, r.currency, sum(${NET}) AS all_net, sum(CASE WHEN r.needs_review = 0 AND r.payout_id IS NULL THEN ${NET} ELSE 0 END) AS eligible
        FROM rewards r WHERE r.environment_id = ${environmentId} AND r.type = 'cash' AND r.status = 'approved' GROUP BY r.user_id, r.currency) a
        ON a.user_id = o.user_id AND a.currency = o.currency
      WHERE ${line} >= ${minimum}
        AND NOT EXISTS (SELECT 1 FROM payout_lines p WHERE p.environment_id = ${environmentId} AND p.user_id = o.user_id AND p.currency = o.currency AND p.status = 'pending')`,
    ),
    ctx.db
      .update(rewards)
      .set({ payoutId: id, updatedAt: now })
      .where(
        sql`${rewards.environmentId} = ${environmentId} AND ${rewards.type} = 'cash' AND ${rewards.status} = 'approved' AND ${rewards.needsReview} = 0 AND ${rewards.payoutId} IS NULL
          AND EXISTS (SELECT 1 FROM payout_lines l WHERE l.payout_id = ${id} AND l.user_id = ${rewards.userId} AND l.currency = ${rewards.currency})`,
      ),
    ctx.db.insert(payouts).select(
      sql`SELECT ${id}, ${environmentId}, ${input.currency ?? null}, ${Math.max(1, base)}, ${input.note ?? null}, ${now}, ${now} WHERE EXISTS (SELECT 1 FROM payout_lines WHERE payout_id = ${id})`,
    ),
    payoutEventInsert(ctx, 'payout.created', created, id, now, sql`1`),
  ]);
  const payout = await ctx.db.select().from(payouts).where(eq(payouts.id, id)).get();
  if (!payout) throw unprocessable('nothing-to-pay', 'Nothing to pay', 'No user is owed at least the minimum in approved cash outside an open batch.');
  await publishEvents(ctx.env, [created]);
  return getPayout(ctx, id);
}

async function findPayout(ctx: ServiceContext, id: string): Promise<Payout> {
  const row = await ctx.db.select().from(payouts).where(and(eq(payouts.environmentId, ctx.caller.environmentId), eq(payouts.id, id))).get();
  if (!row) throw notFound('payout', id);
  return row;
}

export async function getPayout(ctx: ServiceContext, id: string) {
  const [row, totals] = await ctx.db.batch([
    ctx.db.select().from(payouts).where(and(eq(payouts.environmentId, ctx.caller.environmentId), eq(payouts.id, id))),
    ctx.db.select({ totals: sql<string>`${TOTALS(id)}` }).from(sql`(SELECT 1)`),
  ]);
  if (!row[0]) throw notFound('payout', id);
  return toPayoutResource(row[0], JSON.parse(totals[0]?.totals ?? '[]') as Totals[]);
}

export const payoutListSpec: ListSpec = {
  columns: { id: payouts.id, currency: payouts.currency, created_at: payouts.createdAt },
  fields: ['id', 'object', 'status', 'currency', 'minimum', 'note', 'totals', 'created_at', 'updated_at'],
  relations: [],
  defaultOrder: 'created_at',
};

export async function listPayouts(ctx: ServiceContext, request: ListRequest) {
  return listPage(ctx.origin, request, payoutListSpec, {
    idColumn: payouts.id,
    scope: eq(payouts.environmentId, ctx.caller.environmentId),
    select: (where) => ctx.db.select({ payout: payouts, totals: sql<string>`${TOTALS(sql.raw('payouts.id'))}` }).from(payouts).where(where),
    count: (where) => ctx.db.select({ total: count() }).from(payouts).where(where),
  }, (rows, query) => rows.map((r) => pickFields(toPayoutResource(r.payout, JSON.parse(r.totals ?? '[]') as Totals[]), query.fields, [])));
}

export const payoutLineListSpec: ListSpec = {
  columns: { id: payoutLines.id, status: payoutLines.status, currency: payoutLines.currency, user_id: payoutLines.userId, amount: payoutLines.amount, created_at: payoutLines.createdAt },
  fields: Object.keys(toPayoutLineResource({} as PayoutLine)),
  relations: [],
  defaultOrder: 'created_at',
};

export async function listPayoutLines(ctx: ServiceContext, id: string, request: ListRequest) {
  await findPayout(ctx, id);
  return listPage(ctx.origin, request, payoutLineListSpec, {
    idColumn: payoutLines.id,
    scope: and(eq(payoutLines.environmentId, ctx.caller.environmentId), eq(payoutLines.payoutId, id)),
    select: (where) => ctx.db.select().from(payoutLines).where(where),
    count: (where) => ctx.db.select({ total: count() }).from(payoutLines).where(where),
  }, (rows, query) => rows.map((r) => pickFields(toPayoutLineResource(r), query.fields, [])));
}

export interface SettleInput {
  reference?: string;
  reason?: string;
  line_ids?: string[];
}

const pickedLines = (lineIds: string[] | undefined) => (lineIds?.length ? sql`AND ${payoutLines.id} IN (SELECT value FROM json_each(${JSON.stringify(lineIds)}))` : sql``);

/**
 * Marks the batch's open lines (or the given ones) paid with the rail's reference, in ONE D1 batch:
 * their reserved rewards still approved become paid (a reward reversed meanwhile is not: its money
 * went out with the line, and the settlement entry leaves it owed back), the ledger gets one
 * settlement entry per line for what the line paid besides those rewards (the netted balance), and
 * the reward.paid and payout.paid events are written with them.
 */
export async function markPayoutPaid(ctx: ServiceContext, id: string, input: SettleInput) {
  await findPayout(ctx, id);
  const now = new Date().toISOString();
  const reference = input.reference ?? id;
  const paidNow = sql`l.payout_id = ${id} AND l.status = 'paid' AND l.paid_at = ${now}`;
  const paidEvent = `evt_${id}_paid_${newId('evt').slice(4)}`;
  const [lines] = await ctx.db.batch([
    ctx.db
      .update(payoutLines)
      .set({ status: 'paid', reference, paidAt: now })
      .where(sql`${payoutLines.payoutId} = ${id} AND ${payoutLines.status} = 'pending' ${pickedLines(input.line_ids)}`)
      .returning({ id: payoutLines.id }),
    ctx.db
      .update(rewards)
      .set({ status: 'paid', statusReason: null, paidAt: now, payoutReference: reference, cause: id, updatedAt: now })
      .where(
        sql`${rewards.payoutId} = ${id} AND ${rewards.status} = 'approved' AND EXISTS (SELECT 1 FROM payout_lines l WHERE ${paidNow} AND l.user_id = ${rewards.userId} AND l.currency = ${rewards.currency})`,
      ),
    ctx.db
      .insert(ledgerEntries)
      .select(
        sql`SELECT 'led_' || l.id || '_settled', l.environment_id, l.user_id, NULL, NULL, ${id}, NULL, 'paid', 'cash', l.currency, 0, -(l.amount - s.rewards), l.amount - s.rewards, 'payout_netting', l.reference, ${now}
      FROM payout_lines l JOIN (SELECT l2.id AS line_id, coalesce((SELECT sum(${NET}) FROM rewards r WHERE r.payout_id = ${id} AND r.user_id = l2.user_id AND r.currency = l2.currency AND r.status = 'paid' AND r.paid_at = ${now}), 0) AS rewards
            FROM payout_lines l2 WHERE l2.payout_id = ${id}) s ON s.line_id = l.id
      WHERE ${paidNow} AND l.amount - s.rewards <> 0`,
      )
      .onConflictDoNothing(),
    rewardEventsInsert(ctx.db, 'reward.paid', sql`r.payout_id = ${id} AND r.status = 'paid' AND r.paid_at = ${now}`, now),
    ctx.db.update(payouts).set({ updatedAt: now }).where(eq(payouts.id, id)),
    payoutEventInsert(ctx, 'payout.paid', paidEvent, id, now, sql`EXISTS (SELECT 1 FROM payout_lines l WHERE ${paidNow})`),
  ]);
  const changed = lines.length;
  if (changed === 0) throw conflict('payout-settled', 'Nothing open', `Payout ${id} has no open line${input.line_ids?.length ? ' among those given' : ''} to mark paid.`);
  const paidRewards = await ctx.db.select({ id: rewards.id }).from(rewards).where(and(eq(rewards.payoutId, id), eq(rewards.paidAt, now))).all();
  await publishEvents(ctx.env, [paidEvent, ...paidRewards.map((r) => eventId('reward.paid', r.id))]);
  return getPayout(ctx, id);
}

/** Marks open lines failed: their rewards leave the batch, still approved, owed again. Nothing moved in the ledger. */
export async function markPayoutFailed(ctx: ServiceContext, id: string, input: SettleInput) {
  await findPayout(ctx, id);
  const now = new Date().toISOString();
  const failedEvent = `evt_${id}_failed_${newId('evt').slice(4)}`;
  const failedNow = sql`l.payout_id = ${id} AND l.status = 'failed' AND l.failed_at = ${now}`;
  const [lines] = await ctx.db.batch([
    ctx.db
      .update(payoutLines)
      .set({ status: 'failed', failureReason: input.reason ?? null, failedAt: now })
      .where(sql`${payoutLines.payoutId} = ${id} AND ${payoutLines.status} = 'pending' ${pickedLines(input.line_ids)}`)
      .returning({ id: payoutLines.id }),
    ctx.db
      .update(rewards)
      .set({ payoutId: null, updatedAt: now })
      .where(sql`${rewards.payoutId} = ${id} AND ${rewards.status} = 'approved' AND EXISTS (SELECT 1 FROM payout_lines l WHERE ${failedNow} AND l.user_id = ${rewards.userId} AND l.currency = ${rewards.currency})`),
    ctx.db.update(payouts).set({ updatedAt: now }).where(eq(payouts.id, id)),
    payoutEventInsert(ctx, 'payout.failed', failedEvent, id, now, sql`EXISTS (SELECT 1 FROM payout_lines l WHERE ${failedNow})`),
  ]);
  const changed = lines.length;
  if (changed === 0) throw conflict('payout-settled', 'Nothing open', `Payout ${id} has no open line${input.line_ids?.length ? ' among those given' : ''} to mark failed.`);
  await publishEvents(ctx.env, [failedEvent]);
  return getPayout(ctx, id);
}

/** One user and currency owed cash: what a batch made now would pay them, and what waits. */
export interface OwedRow {
  user_id: string;
  external_id: string | null;
  email: string | null;
  currency: string;
  /** What a batch made now would pay (before its minimum). */
  payable: number;
  /** The ledger's balance besides the approved rewards (negative: owed back). */
  carried: number;
  /** Approved but flagged for review, or reserved in an open batch. */
  waiting: number;
  /** Still held or awaiting approval. */
  pending: number;
}

/**
 * Who is owed cash, per currency, largest first, a page at a time: the view before a batch (the
 * same sums POST /v1/payouts uses). An aggregate, not a select, so it pages by hand: the page and
 * the total side by side, with the list's usual links and meta.
 */
export async function owedCash(ctx: ServiceContext, request: ListRequest, query: { currency?: string; page: number; perPage: number }) {
  const environmentId = ctx.caller.environmentId;
  await releaseHolds(ctx.db, { environmentId });
  const currencyOnly = query.currency ? sql`AND currency = ${query.currency}` : sql``;
  const owed = sql`SELECT o.user_id, u.external_id, u.email, o.currency, coalesce(a.eligible, 0) + o.available - coalesce(a.all_net, 0) AS payable,
          o.available - coalesce(a.all_net, 0) AS carried, coalesce(a.all_net, 0) - coalesce(a.eligible, 0) AS waiting, o.pending AS pending
        FROM (SELECT user_id, currency, sum(available) AS available, sum(pending) AS pending FROM ledger_entries WHERE environment_id = ${environmentId} AND kind = 'cash' ${currencyOnly} GROUP BY user_id, currency) o
        LEFT JOIN (SELECT r.user_id, r.currency, sum(${NET}) AS all_net, sum(CASE WHEN r.needs_review = 0 AND r.payout_id IS NULL THEN ${NET} ELSE 0 END) AS eligible
          FROM rewards r WHERE r.environment_id = ${environmentId} AND r.type = 'cash' AND r.status = 'approved' GROUP BY r.user_id, r.currency) a
          ON a.user_id = o.user_id AND a.currency = o.currency
        LEFT JOIN users u ON u.id = o.user_id
        WHERE o.available <> 0 OR o.pending <> 0`;
  const [rows, [totals]] = await Promise.all([
    ctx.db.all<OwedRow>(sql`WITH owed AS (${owed}) SELECT * FROM owed ORDER BY payable DESC, user_id, currency LIMIT ${query.perPage} OFFSET ${(query.page - 1) * query.perPage}`),
    ctx.db.all<{ total: number }>(sql`WITH owed AS (${owed}) SELECT count(*) AS total FROM owed`),
  ]);
  return { object: 'list' as const, data: rows, ...pagination(ctx.origin, request, query, totals?.total ?? 0, rows.length) };
}
