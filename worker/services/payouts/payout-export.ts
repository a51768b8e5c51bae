import { and, asc, eq } from 'drizzle-orm';
import { payoutLines, users } from '../../db/schema';
import { majorUnits, toCsv } from '../../domain/csv';
import { unprocessable } from '../../lib/errors';
import type { ServiceContext } from '../../lib/service-context';
import { getPayout, toPayoutLineResource } from './payouts';

export const PAYOUT_FORMATS = ['paypal', 'wise', 'csv', 'json'] as const;
export type PayoutFormat = (typeof PAYOUT_FORMATS)[number];

export interface PayoutFile {
  contentType: string;
  filename: string;
  body: string;
}

/**
 * A batch as the file a payout rail takes in bulk (docs/payouts.md). PayPal Payouts and Wise take
 * the lines still open (what to send); the generic CSV and JSON carry every line with its status.
 * PayPal takes one currency per file and both need the recipient's email: a batch that mixes
 * currencies needs `currency`, and a line without an email is refused by name, never dropped.
 */
export async function exportPayout(ctx: ServiceContext, id: string, format: PayoutFormat, currency?: string): Promise<PayoutFile> {
  const payout = await getPayout(ctx, id);
  const rows = await ctx.db
    .select({ line: payoutLines, email: users.email, name: users.name, externalId: users.externalId })
    .from(payoutLines)
    .leftJoin(users, eq(users.id, payoutLines.userId))
    .where(and(eq(payoutLines.environmentId, ctx.caller.environmentId), eq(payoutLines.payoutId, id), currency ? eq(payoutLines.currency, currency) : undefined))
    .orderBy(asc(payoutLines.currency), asc(payoutLines.userId))
    .all();
  const file = (ext: string, contentType: string, body: string) => ({ contentType, filename: `${id}${currency ? `-${currency}` : ''}.${ext}`, body });

  if (format === 'json') return file('json', 'application/json', JSON.stringify({ payout, lines: rows.map((r) => ({ ...toPayoutLineResource(r.line), email: r.email, name: r.name, external_id: r.externalId })) }));
  if (format === 'csv') {
    return file(
      'csv',
      'text/csv; charset=utf-8',
      toCsv([
        ['line_id', 'user_id', 'external_id', 'name', 'email', 'currency', 'amount_minor', 'amount', 'carried_minor', 'status', 'reference'],
        ...rows.map((r) => [r.line.id, r.line.userId, r.externalId, r.name, r.email, r.line.currency, r.line.amount, majorUnits(r.line.amount, r.line.currency), r.line.carried, r.line.status, r.line.reference]),
      ]),
    );
  }

  const open = rows.filter((r) => r.line.status === 'pending');
  const missing = open.filter((r) => !r.email);
  if (missing.length) {
    throw unprocessable('missing-recipient', 'Recipients without an email', `${missing.length} open line(s) have no email to pay: add one to the users, or export the generic CSV.`, missing.slice(0, 20).map((r) => ({ field: r.line.userId, message: 'No email.' })));
  }
  if (format === 'paypal') {
    const currencies = new Set(open.map((r) => r.line.currency));
    if (currencies.size > 1) throw unprocessable('one-currency-per-file', 'One currency per file', `PayPal takes one currency per file; this batch has ${[...currencies].join(', ')}: pass currency=.`, [{ field: 'currency', message: 'Required for this batch.' }]);
    // PayPal Payouts Web: no header; recipient, amount, currency, customer id (≤ 30 characters), note, wallet.
    return file('csv', 'text/csv; charset=utf-8', toCsv(open.map((r) => [r.email, majorUnits(r.line.amount, r.line.currency), r.line.currency, r.line.id, `Referral rewards ${id}`, 'PAYPAL'])));
  }
  // Wise batch, "send by email" template: the recipient gets a link to give their bank details; fixed target amount.
  return file(
    'csv',
    'text/csv; charset=utf-8',
    toCsv([
      ['name', 'recipientEmail', 'paymentReference', 'receiverType', 'amountCurrency', 'amount', 'sourceCurrency', 'targetCurrency'],
      ...open.map((r) => [r.name ?? r.email, r.email, r.line.id, 'PRIVATE', r.line.currency, majorUnits(r.line.amount, r.line.currency), r.line.currency, r.line.currency]),
    ]),
  );
}
