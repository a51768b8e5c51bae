import { and, eq, isNull } from 'drizzle-orm';
import { inValues } from '../../db/d1-limits';
import { type User, users } from '../../db/schema';
import { codePrefix, normalizeCode } from '../../domain/codes';
import { uniqueViolation } from '../../lib/db-errors';
import { newId } from '../../lib/ids';
import { codeFormatOf, defaultCampaign, findCampaign } from '../campaigns/campaigns';
import type { FieldError } from '../../lib/errors';
import type { ServiceContext } from '../../lib/service-context';
import { eventInsert, publishEvents } from '../../outbox/events';
import { type CreateUserInput, toUserResource } from './users';
import { forgetMissedCodes } from '../share-links/links';

export type ImportRowResult =
  | { index: number; status: 'created' | 'existing'; id: string; referral_code: string }
  | { index: number; status: 'rejected'; errors: FieldError[] };

export interface PendingRow {
  index: number;
  input: CreateUserInput;
}

/**
 * Inserts new users of one campaign together: referrers resolved in one query, codes minted
 * in one call to the campaign object, rows written in one D1 batch (a transaction).
 * Returns null when the batch needs the row-by-row path: vanity codes, several campaigns,
 * a missing or ended campaign (createUser then reports it per row), or a unique conflict
 * with a concurrent writer (nothing was written; the minted codes are released).
 */
export async function createMany(ctx: ServiceContext, pending: PendingRow[]): Promise<ImportRowResult[] | null> {
  if (!pending.length) return [];
  const campaignIds = new Set(pending.map((r) => r.input.campaign_id));
  if (campaignIds.size > 1 || pending.some((r) => r.input.code !== undefined)) return null;
  const environmentId = ctx.caller.environmentId;
  const [campaignId] = campaignIds;
  const campaign = campaignId ? await findCampaign(ctx.db, environmentId, campaignId) : await defaultCampaign(ctx.db, environmentId);
  if (!campaign || campaign.status === 'ended') return null;

  const referrers = await referrerIds(ctx, pending.flatMap((r) => (r.input.referred_by ? [normalizeCode(r.input.referred_by)] : [])));
  const results: ImportRowResult[] = [];
  const firstOf = new Map<string, PendingRow>();
  const repeats: PendingRow[] = [];
  for (const r of pending) {
    const code = r.input.referred_by && normalizeCode(r.input.referred_by);
    if (code && !referrers.has(code)) {
      const message = `No referrer with code '${r.input.referred_by}' in this environment.`;
      results.push({ index: r.index, status: 'rejected', errors: [{ field: 'referred_by', message }] });
    } else if (firstOf.has(r.input.external_id)) repeats.push(r);
    else firstOf.set(r.input.external_id, r);
  }
  const fresh = [...firstOf.values()];
  if (!fresh.length) return results;

  const stub = ctx.env.CAMPAIGN.getByName(campaign.id);
  const codes = await stub.mintMany(
    fresh.map((r) => codePrefix(codeFormatOf(campaign), r.input.name)),
    campaign.codeSuffixLength,
  );
  const at = new Date().toISOString();
  const rows = fresh.map((r, i): User => {
    const referrerId = r.input.referred_by ? (referrers.get(normalizeCode(r.input.referred_by)) ?? null) : null;
    return {
      id: newId('usr'),
      environmentId,
      campaignId: campaign.id,
      externalId: r.input.external_id,
      email: r.input.email ?? null,
      name: r.input.name ?? null,
      referralCode: codes[i] as string,
      referrerId,
      metadata: r.input.metadata ?? {},
      source: referrerId ? ('referred' as const) : ('import' as const),
      visits: 0,
      uniqueVisits: 0,
      createdAt: at,
      updatedAt: at,
      deletedAt: null,
    };
  });
  // The same `user.created` event createUser emits for one user, one per row, in the same batch (outbox).
  const referredBy = new Map(fresh.map((r) => [r.input.external_id, r.input.referred_by ? normalizeCode(r.input.referred_by) : null]));
  const userEvents = rows.map((row) => ({
    id: newId('evt'),
    environmentId,
    type: 'user.created' as const,
    data: toUserResource(row, campaign, referredBy.get(row.externalId as string) ?? null, ctx.origin),
    createdAt: at,
  }));
  try {
    const [first, ...rest] = [...rows.map((row) => ctx.db.insert(users).values(row)), ...userEvents.map((event) => eventInsert(ctx.db, event))];
    if (first) await ctx.db.batch([first, ...rest]);
  } catch (err) {
    if (!uniqueViolation(err)) throw err;
    await Promise.all(codes.map((c) => stub.release(c)));
    return null;
  }
  forgetMissedCodes(codes);
  await publishEvents(ctx.env, userEvents.map((e) => e.id));
  const created = new Map(rows.map((row) => [row.externalId as string, { id: row.id, referral_code: row.referralCode }]));
  for (const r of fresh) {
    const user = created.get(r.input.external_id);
    if (user) results.push({ index: r.index, status: 'created', ...user });
  }
  for (const r of repeats) {
    const user = created.get(r.input.external_id);
    if (user) results.push({ index: r.index, status: 'existing', ...user });
  }
  return results;
}

async function referrerIds(ctx: ServiceContext, codes: string[]) {
  const unique = [...new Set(codes)];
  const found = new Map<string, string>();
  if (!unique.length) return found;
  const rows = await ctx.db
    .select({ id: users.id, code: users.referralCode })
    .from(users)
    .where(and(eq(users.environmentId, ctx.caller.environmentId), isNull(users.deletedAt), inValues(users.referralCode, unique)));
  for (const r of rows) found.set(r.code, r.id);
  return found;
}
