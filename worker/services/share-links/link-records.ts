import { eq, inArray } from 'drizzle-orm';
import { getDb } from '../../db/client';
import { chunk, D1_MAX_BOUND_VARIABLES } from '../../db/d1-limits';
import { type Campaign, campaigns, environments, users } from '../../db/schema';
import type { Bindings } from '../../env';

/**
 * What KV `LINKS` holds for share links, and how it is read from D1 and written (links.ts says
 * how the redirect uses it; relink.ts keeps it current when a campaign changes).
 *
 *   `code3:CODE`            CodeRecord: the user part and a copy of its campaign's record
 *   `links-of:CAMPAIGN:CODE` empty, with the same expiry: which code records KV holds per campaign
 *   `campaign2:CAMPAIGN`    CampaignRecord: the current copy, read after a link was served
 */

/** Everything a redirect needs from a campaign and its environment, and when D1 said so. */
export interface CampaignRecord {
  id: string;
  environmentId: string;
  status: Campaign['status'];
  startsAt: string | null;
  endsAt: string | null;
  landingUrl: string | null;
  allowedDomains: string[];
  utmParams: Record<string, string>;
  fallbackUrl: string | null;
  environmentFallbackUrl: string | null;
  attributionWindowDays: number;
  /**
   * The version: epoch ms at which the D1 read that produced this copy began. It reflects every
   * change committed before then, so of two copies the larger `asOf` is the newer. A change to
   * the environment's fallback (not a campaign column) orders the same way, where `updatedAt`
   * would not.
   */
  asOf: number;
}

/** What KV keeps per code: which user, whether they were deleted, and their campaign's record. */
export interface CodeRecord {
  userId: string;
  environmentId: string;
  deleted: boolean;
  campaign: CampaignRecord;
}

export const KV_CODE_EXPIRY_S = 24 * 60 * 60;
export const KV_CAMPAIGN_EXPIRY_S = 10 * 60;
/** KV refuses expiries sooner than a minute away. */
const KV_MIN_EXPIRY_S = 60;

// `code3:` since a code's record carries its campaign: a `code2:` record (user part only) is never read.
export const codeKey = (code: string) => `code3:${code}`;
export const campaignKey = (id: string) => `campaign2:${id}`;
export const linksOfPrefix = (campaignId: string) => `links-of:${campaignId}:`;
const linksOfKey = (campaignId: string, code: string) => `${linksOfPrefix(campaignId)}${code}`;

/** Same redirect, whatever the versions: a newer copy with the same content needs no rewrite. */
export function sameRedirect(a: CampaignRecord, b: CampaignRecord): boolean {
  return JSON.stringify({ ...a, asOf: 0 }) === JSON.stringify({ ...b, asOf: 0 });
}

/**
 * Writes a code's record and its entry in the campaign's index, with the same expiry: the index
 * lists every code record KV may hold, so a campaign change reaches all of them.
 */
export function putCode(env: Bindings, code: string, record: CodeRecord): Promise<unknown> {
  const options = { expirationTtl: KV_CODE_EXPIRY_S };
  return Promise.all([env.LINKS.put(codeKey(code), JSON.stringify(record), options), env.LINKS.put(linksOfKey(record.campaign.id, code), '', options)]);
}

/** Rewrites a listed code's record, expiring with its index entry (epoch s) so it never outlives it. */
export function rewriteCode(env: Bindings, code: string, record: CodeRecord, expiration: number | undefined, now: number): Promise<void> {
  const soonest = Math.ceil(now / 1000) + KV_MIN_EXPIRY_S;
  const options = expiration === undefined ? { expirationTtl: KV_CODE_EXPIRY_S } : { expiration: Math.max(expiration, soonest) };
  return env.LINKS.put(codeKey(code), JSON.stringify(record), options);
}

export function putCampaign(env: Bindings, record: CampaignRecord): Promise<void> {
  return env.LINKS.put(campaignKey(record.id), JSON.stringify(record), { expirationTtl: KV_CAMPAIGN_EXPIRY_S });
}

export async function deleteCode(env: Bindings, code: string, campaignId: string | null): Promise<void> {
  await Promise.all([env.LINKS.delete(codeKey(code)), campaignId ? env.LINKS.delete(linksOfKey(campaignId, code)) : undefined]);
}

/** The campaign's redirect record as D1 has it now; undefined if the campaign is gone. */
export async function campaignFromDb(env: Bindings, id: string): Promise<CampaignRecord | undefined> {
  const asOf = Date.now();
  const row = await getDb(env)
    .select({ campaign: campaigns, environmentFallbackUrl: environments.fallbackUrl })
    .from(campaigns)
    .innerJoin(environments, eq(environments.id, campaigns.environmentId))
    .where(eq(campaigns.id, id))
    .get();
  return row ? toCampaignRecord(row.campaign, row.environmentFallbackUrl, asOf) : undefined;
}

/** A code is unique across the deployment (users_referral_code), so at most one row matches. */
export async function codeFromDb(env: Bindings, code: string): Promise<CodeRecord | undefined> {
  const asOf = Date.now();
  const row = await getDb(env)
    .select({ userId: users.id, deletedAt: users.deletedAt, campaign: campaigns, environmentFallbackUrl: environments.fallbackUrl })
    .from(users)
    .innerJoin(campaigns, eq(campaigns.id, users.campaignId))
    .innerJoin(environments, eq(environments.id, users.environmentId))
    .where(eq(users.referralCode, code))
    .get();
  if (!row) return undefined;
  const campaign = toCampaignRecord(row.campaign, row.environmentFallbackUrl, asOf);
  return { userId: row.userId, environmentId: campaign.environmentId, deleted: row.deletedAt !== null, campaign };
}

/** The users holding these codes (any subset may be missing): for rewriting their records. */
export async function codeOwners(env: Bindings, codes: readonly string[]) {
  const db = getDb(env);
  const select = { code: users.referralCode, userId: users.id, environmentId: users.environmentId, campaignId: users.campaignId, deletedAt: users.deletedAt };
  const pages = await Promise.all(chunk(codes, D1_MAX_BOUND_VARIABLES).map((part) => db.select(select).from(users).where(inArray(users.referralCode, part))));
  return new Map(pages.flat().map((row) => [row.code, row]));
}

function toCampaignRecord(c: Campaign, environmentFallbackUrl: string | null, asOf: number): CampaignRecord {
  return {
    id: c.id,
    environmentId: c.environmentId,
    status: c.status,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    landingUrl: c.landingUrl,
    allowedDomains: c.allowedDomains,
    utmParams: c.utmParams,
    fallbackUrl: c.fallbackUrl,
    environmentFallbackUrl,
    attributionWindowDays: c.attributionWindowDays,
    asOf,
  };
}
