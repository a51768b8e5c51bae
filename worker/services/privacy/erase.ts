import { and, asc, eq, gt, or, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { auditLog, billingCustomers, type Campaign, events, idempotencyKeys, referrals, rewards, type User, users, webhookDeliveries } from '../../db/schema';
import { type Person, redact, searchTerms } from '../../domain/privacy/redact';
import { notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { ServiceContext } from '../../lib/service-context';
import { auditInsert } from '../../outbox/audit';
import { eventInsert, publishEvents } from '../../outbox/events';
import { findCampaign } from '../campaigns/campaigns';
import { invalidateCode } from '../share-links/links';
import { findUser, toUserResource } from '../users/users';

/** Copies read (and rewritten) per step: events and audit records that quote the person's values. */
const COPIES_PAGE = 500;

const personOf = (u: User): Person => ({ id: u.id, values: [u.email, u.name, u.externalId].filter((v): v is string => !!v) });

/** Any of the person's values (case-insensitive) in a text column; false when they left none worth searching. */
function mentionsSql(column: SQLiteColumn | SQL, person: Person) {
  const terms = searchTerms(person);
  return terms.length ? sql`(${sql.join(terms.map((t) => sql`instr(lower(${column}), ${t}) > 0`), sql` OR `)})` : sql`0`;
}

interface Copies {
  events: { id: string; data: Record<string, unknown> }[];
  audit: { id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[];
}

/**
 * Copies whose shape the set-based updates do not know (another object quoting the person, a
 * reward's note in an audit record), after the given ids (null: from the start; a sentinel past
 * every id: none). Events of the person's own user object are left to the set-based update.
 */
async function readCopies(ctx: ServiceContext, person: Person, afterEvent: string | null, afterAudit: string | null): Promise<Copies> {
  const environmentId = ctx.caller.environmentId;
  const [eventRows, auditRows] = await Promise.all([
    ctx.db
      .select({ id: events.id, data: events.data })
      .from(events)
      .where(
        and(
          eq(events.environmentId, environmentId),
          afterEvent === null ? undefined : gt(events.id, afterEvent),
          mentionsSql(events.data, person),
          sql`NOT (json_extract(${events.data}, '$.object') = 'user' AND json_extract(${events.data}, '$.id') = ${person.id})`,
        ),
      )
      .orderBy(asc(events.id))
      .limit(COPIES_PAGE)
      .all(),
    ctx.db
      .select({ id: auditLog.id, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.environmentId, environmentId),
          afterAudit === null ? undefined : gt(auditLog.id, afterAudit),
          mentionsSql(sql`coalesce(${auditLog.before}, '') || coalesce(${auditLog.after}, '')`, person),
        ),
      )
      .orderBy(asc(auditLog.id))
      .limit(COPIES_PAGE)
      .all(),
  ]);
  return { events: eventRows, audit: auditRows };
}

/** One update per copy: the person's values cut out (domain/privacy/redact.ts). */
function rewrites(ctx: ServiceContext, person: Person, copies: Copies) {
  return [
    ...copies.events.map((e) => ctx.db.update(events).set({ data: redact(e.data, person) as Record<string, unknown> }).where(eq(events.id, e.id))),
    ...copies.audit.map((a) =>
      ctx.db
        .update(auditLog)
        .set({ before: redact(a.before, person) as Record<string, unknown> | null, after: redact(a.after, person) as Record<string, unknown> | null })
        .where(eq(auditLog.id, a.id)),
    ),
  ];
}

/**
 * Erasure (GDPR art. 17). Removes the person's personal data from every place it was copied:
 * the user row (external id, email, name, metadata), event payloads (their user objects, the
 * metadata of referrals they made or received, any other string holding their values), the
 * campaign objects' stored decisions, receivers' stored answers, notes on their rewards, and
 * stored idempotent answers that name them, and audit records that quote them. The row stays as a tombstone under its id, so the
 * ledger keeps its amounts and the referrer's totals, caps and budgets do not move.
 *
 * The campaign objects are erased first, then everything in D1 in ONE batch with the
 * `user.deleted` event and the audit record: if anything fails, the user is still there and
 * the call can be repeated (each step is idempotent).
 */
export async function eraseUser(ctx: ServiceContext, idOrExternalId: string): Promise<void> {
  const current = await findUser(ctx, idOrExternalId);
  if (!current) throw notFound('user', idOrExternalId);
  const user = current.user;
  const person = personOf(user);
  const environmentId = ctx.caller.environmentId;

  const [campaignRows, campaign, firstCopies] = await Promise.all([
    ctx.db
      .selectDistinct({ id: referrals.campaignId })
      .from(referrals)
      .where(and(eq(referrals.environmentId, environmentId), or(eq(referrals.referrerId, user.id), eq(referrals.refereeId, user.id))))
      .all(),
    findCampaign(ctx.db, environmentId, user.campaignId),
    readCopies(ctx, person, null, null),
  ]);
  // Full pages of copies are rewritten as they are read (keyset pages: each row once); the last,
  // partial page goes into the final batch.
  let copies = firstCopies;
  while (copies.events.length === COPIES_PAGE || copies.audit.length === COPIES_PAGE) {
    const statements = rewrites(ctx, person, copies);
    await ctx.db.batch(statements as unknown as [(typeof statements)[number], ...(typeof statements)[number][]]);
    copies = await readCopies(ctx, person, copies.events.at(-1)?.id ?? '\uffff', copies.audit.at(-1)?.id ?? '\uffff');
  }
  const campaignIds = new Set([user.campaignId, ...campaignRows.map((r) => r.id)]);
  await Promise.all([...campaignIds].map((id) => ctx.env.CAMPAIGN.getByName(id).eraseUser(user.id)));

  const at = new Date().toISOString();
  const after: User = { ...user, externalId: null, email: null, name: null, metadata: {}, deletedAt: at, updatedAt: at };
  const deleted = { id: newId('evt'), environmentId, type: 'user.deleted' as const, data: toUserResource(after, campaign as Campaign, current.referrerCode, ctx.origin), createdAt: at };
  const inEnvironment = eq(events.environmentId, environmentId);
  await ctx.db.batch([
    ctx.db.update(users).set({ externalId: null, email: null, name: null, metadata: {}, deletedAt: at, updatedAt: at }).where(eq(users.id, user.id)),
    // Their own user objects in event payloads (user.created, user.updated, …).
    ctx.db
      .update(events)
      .set({ data: sql`json_set(${events.data}, '$.external_id', NULL, '$.email', NULL, '$.name', NULL, '$.metadata', json('{}'))` })
      .where(and(inEnvironment, sql`json_extract(${events.data}, '$.object') = 'user' AND json_extract(${events.data}, '$.id') = ${user.id}`)),
    // The metadata of referrals they made or received, in D1 and in the referral events.
    ctx.db
      .update(referrals)
      .set({ metadata: {} })
      .where(and(eq(referrals.environmentId, environmentId), or(eq(referrals.referrerId, user.id), eq(referrals.refereeId, user.id)))),
    ctx.db
      .update(events)
      .set({ data: sql`json_set(${events.data}, '$.metadata', json('{}'))` })
      .where(
        and(
          inEnvironment,
          sql`json_extract(${events.data}, '$.object') = 'referral' AND (json_extract(${events.data}, '$.referrer_id') = ${user.id} OR json_extract(${events.data}, '$.referee_id') = ${user.id})`,
        ),
      ),
    ...rewrites(ctx, person, copies),
    // What receivers answered may echo the payload: those answers go.
    ctx.db
      .update(webhookDeliveries)
      .set({ lastResponseBody: null })
      .where(and(eq(webhookDeliveries.environmentId, environmentId), mentionsSql(webhookDeliveries.lastResponseBody, person))),
    // Notes an admin wrote on their rewards; amounts, statuses and dates stay.
    ctx.db.update(rewards).set({ note: null }).where(and(eq(rewards.environmentId, environmentId), eq(rewards.userId, user.id))),
    // Billing connectors' map from a provider's customer to this person (docs/integrations.md).
    ...(user.externalId
      ? [ctx.db.delete(billingCustomers).where(and(eq(billingCustomers.environmentId, environmentId), eq(billingCustomers.refereeExternalId, user.externalId)))]
      : []),
    // Stored idempotent answers that name them (sealed, so found by the ids recorded beside them).
    ctx.db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.environmentId, environmentId), sql`instr(${idempotencyKeys.subjects}, ${` ${user.id} `}) > 0`)),
    eventInsert(ctx.db, deleted),
    auditInsert(ctx.db, ctx.caller, { action: 'user.erased', targetType: 'user', targetId: user.id, before: null, after: { id: user.id, object: 'user', deleted_at: at } }, at),
  ]);
  await publishEvents(ctx.env, [deleted.id]);
  await invalidateCode(ctx.env, user.referralCode, user.campaignId);
}

