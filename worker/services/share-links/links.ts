import { eq } from 'drizzle-orm';
import { getDb } from '../../db/client';
import { type Campaign, campaigns, environments, users } from '../../db/schema';
import { BoundedCache } from '../../domain/bounded-cache';
import { destination, isCodeShaped, safeUrl } from '../../domain/link-destination';
import type { Bindings } from '../../env';

/**
 * Share-link resolution: code → where to send the shopper, without D1 on a warm path.
 *
 *   1. this isolate's BoundedCache of resolved links (LINK_TTL_MS; unknown codes UNKNOWN_TTL_MS)
 *   2. KV `LINKS`: `code2:CODE` → CodeRecord and `campaign:ID` → CampaignRecord, read with
 *      cacheTtl KV_CACHE_TTL_S (campaigns also cached in the isolate for LINK_TTL_MS)
 *   3. D1, one query, on a miss of both; the answer is written back to KV after the response.
 *
 * Staleness: a change made through the API (user deleted, campaign updated) deletes its KV key
 * and this isolate's entries at once. Other isolates and KV's edge caches see it within
 * LINK_TTL_MS + KV_CACHE_TTL_S = 2 minutes. A cold-miss write-back that races the invalidation
 * can put the old record back until its KV expiry (campaigns 10 minutes, codes 1 day; a code's
 * record changes only when its user is deleted).
 */
const LINK_TTL_MS = 60_000;
const UNKNOWN_TTL_MS = 10_000;
const KV_CACHE_TTL_S = 60;
const KV_CODE_EXPIRY_S = 24 * 60 * 60;
const KV_CAMPAIGN_EXPIRY_S = 10 * 60;
const MAX_CACHED = 20_000;

/** What KV keeps per code: which user, in which campaign, and whether the user was deleted. */
interface CodeRecord {
  userId: string;
  environmentId: string;
  campaignId: string;
  deleted: boolean;
}

/** What KV keeps per campaign: everything a redirect needs from it and its environment. */
interface CampaignRecord {
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
}

export interface LiveLink {
  kind: 'live';
  code: string;
  userId: string;
  environmentId: string;
  campaignId: string;
  location: string;
  counting: CountingWindow;
  allowedDomains: string[];
  attributionWindowDays: number;
}

/** Unknown code, deleted user, or a campaign with no usable landing URL: fallback or nothing. */
export interface GoneLink {
  kind: 'gone';
  campaignId: string | null;
  location: string | null;
}

export type Link = LiveLink | GoneLink;

const links = new BoundedCache<Link>(MAX_CACHED);
const campaignRecords = new BoundedCache<CampaignRecord>(MAX_CACHED);
const inflight = new Map<string, Promise<Link>>();

export type Defer = (promise: Promise<unknown>) => void;

/** Visits count only while the campaign is live and inside its dates (epoch ms bounds). */
export interface CountingWindow {
  live: boolean;
  from: number;
  until: number;
}

export function countingWindow(c: Pick<Campaign, 'status' | 'startsAt' | 'endsAt'>): CountingWindow {
  return {
    live: c.status === 'live',
    from: c.startsAt ? Date.parse(c.startsAt) : Number.NEGATIVE_INFINITY,
    until: c.endsAt ? Date.parse(c.endsAt) : Number.POSITIVE_INFINITY,
  };
}

export const isCounting = (w: CountingWindow, now: number) => w.live && now >= w.from && now < w.until;

/**
 * Resolves a share-link code (any case). A warm call is one Map lookup. `defer` receives the
 * KV write-back of a miss, to run after the response (`ctx.waitUntil`).
 */
export function resolveLink(env: Bindings, rawCode: string, defer: Defer): Link | Promise<Link> {
  if (!isCodeShaped(rawCode)) return unknown(env);
  const code = rawCode.toUpperCase();
  const cached = links.get(code);
  if (cached) return cached;
  let pending = inflight.get(code);
  if (!pending) {
    // Concurrent misses for one code share a single lookup.
    pending = load(env, code, defer).finally(() => inflight.delete(code));
    inflight.set(code, pending);
  }
  return pending;
}

/** After a user is deleted: its code stops redirecting to the landing page. */
export async function invalidateCode(env: Bindings, code: string): Promise<void> {
  links.delete(code.toUpperCase());
  await env.LINKS.delete(codeKey(code.toUpperCase()));
}

/**
 * After a code is created: this isolate forgets a cached miss (or fallback) for it. KV holds
 * only codes that exist, so there is nothing to delete there; other isolates keep a miss for
 * at most UNKNOWN_TTL_MS.
 */
export function forgetMissedCodes(codes: readonly string[]): void {
  for (const code of codes) links.delete(code.toUpperCase());
}

/** After a campaign changes (landing URL, status, UTM parameters, fallback, dates). */
export async function invalidateCampaign(env: Bindings, campaignId: string): Promise<void> {
  campaignRecords.delete(campaignId);
  links.deleteWhere((link) => link.campaignId === campaignId);
  await env.LINKS.delete(campaignKey(campaignId));
}

/** Empties this isolate's caches (KV is untouched): what a fresh isolate looks like. */
export function forgetCachedLinks(): void {
  links.clear();
  campaignRecords.clear();
}

// `code2:` since codes became unique per deployment (migration 0010): a `code:` record written
// before it may name the environment that lost the code.
const codeKey = (code: string) => `code2:${code}`;
const campaignKey = (id: string) => `campaign:${id}`;

function unknown(env: Bindings): GoneLink {
  return { kind: 'gone', campaignId: null, location: safeUrl(env.SHARE_FALLBACK_URL ?? null, null, env.APP_ENV === 'development')?.toString() ?? null };
}

async function load(env: Bindings, code: string, defer: Defer): Promise<Link> {
  let record = await env.LINKS.get<CodeRecord>(codeKey(code), { type: 'json', cacheTtl: KV_CACHE_TTL_S });
  let campaign = record ? await campaignRecord(env, record.campaignId, defer) : undefined;
  if (!record) {
    const found = await findCode(env, code);
    if (found) {
      record = found.record;
      campaign = found.campaign;
      defer(
        Promise.all([
          env.LINKS.put(codeKey(code), JSON.stringify(found.record), { expirationTtl: KV_CODE_EXPIRY_S }),
          env.LINKS.put(campaignKey(found.campaign.id), JSON.stringify(found.campaign), { expirationTtl: KV_CAMPAIGN_EXPIRY_S }),
        ]),
      );
      campaignRecords.set(found.campaign.id, found.campaign, LINK_TTL_MS);
    }
  }
  if (!record || !campaign) {
    const link = unknown(env);
    links.set(code, link, UNKNOWN_TTL_MS);
    return link;
  }
  const link = toLink(env, code, record, campaign);
  links.set(code, link, LINK_TTL_MS);
  return link;
}

async function campaignRecord(env: Bindings, id: string, defer: Defer): Promise<CampaignRecord | undefined> {
  const cached = campaignRecords.get(id);
  if (cached) return cached;
  let record = await env.LINKS.get<CampaignRecord>(campaignKey(id), { type: 'json', cacheTtl: KV_CACHE_TTL_S });
  if (!record) {
    const row = await getDb(env)
      .select({ campaign: campaigns, environmentFallbackUrl: environments.fallbackUrl })
      .from(campaigns)
      .innerJoin(environments, eq(environments.id, campaigns.environmentId))
      .where(eq(campaigns.id, id))
      .get();
    if (!row) return undefined;
    record = toCampaignRecord(row.campaign, row.environmentFallbackUrl);
    defer(env.LINKS.put(campaignKey(id), JSON.stringify(record), { expirationTtl: KV_CAMPAIGN_EXPIRY_S }));
  }
  campaignRecords.set(id, record, LINK_TTL_MS);
  return record;
}

/** A code is unique across the deployment (users_referral_code), so at most one row matches. */
async function findCode(env: Bindings, code: string): Promise<{ record: CodeRecord; campaign: CampaignRecord } | undefined> {
  const row = await getDb(env)
    .select({ userId: users.id, deletedAt: users.deletedAt, campaign: campaigns, environmentFallbackUrl: environments.fallbackUrl })
    .from(users)
    .innerJoin(campaigns, eq(campaigns.id, users.campaignId))
    .innerJoin(environments, eq(environments.id, users.environmentId))
    .where(eq(users.referralCode, code))
    .get();
  if (!row) return undefined;
  return {
    record: { userId: row.userId, environmentId: row.campaign.environmentId, campaignId: row.campaign.id, deleted: row.deletedAt !== null },
    campaign: toCampaignRecord(row.campaign, row.environmentFallbackUrl),
  };
}

function toCampaignRecord(c: Campaign, environmentFallbackUrl: string | null): CampaignRecord {
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
  };
}

function toLink(env: Bindings, code: string, record: CodeRecord, campaign: CampaignRecord): Link {
  const allowLocalHttp = env.APP_ENV === 'development';
  const fallback =
    safeUrl(campaign.fallbackUrl, campaign.allowedDomains, allowLocalHttp) ?? safeUrl(campaign.environmentFallbackUrl, null, allowLocalHttp);
  const landing = record.deleted ? null : safeUrl(campaign.landingUrl, campaign.allowedDomains, allowLocalHttp);
  if (!landing) return { kind: 'gone', campaignId: campaign.id, location: fallback?.toString() ?? null };
  return {
    kind: 'live',
    code,
    userId: record.userId,
    environmentId: record.environmentId,
    campaignId: campaign.id,
    location: destination(landing, campaign.utmParams, code),
    counting: countingWindow(campaign),
    allowedDomains: campaign.allowedDomains,
    attributionWindowDays: campaign.attributionWindowDays,
  };
}
