import { BoundedCache } from '../../domain/bounded-cache';
import { destination, isCodeShaped, safeUrl } from '../../domain/link-destination';
import type { Campaign } from '../../db/schema';
import type { Bindings } from '../../env';
import { sendMessages } from '../../outbox/messages';
import {
  type CampaignRecord,
  type CodeRecord,
  campaignFromDb,
  campaignKey,
  codeFromDb,
  codeKey,
  deleteCode,
  KV_CAMPAIGN_EXPIRY_S,
  putCampaign,
  putCode,
  sameRedirect,
} from './link-records';

/**
 * Share-link resolution: code → where to send the shopper, without D1 on a warm path.
 *
 *   1. this isolate's BoundedCache of resolved links (LINK_TTL_MS; unknown codes UNKNOWN_TTL_MS)
 *   2. KV `LINKS`: `code3:CODE` → CodeRecord, which carries a copy of its campaign's record, read
 *      with cacheTtl KV_CACHE_TTL_S: ONE read for a fresh isolate (link-records.ts has the keys)
 *   3. D1, one query, on a miss of both; the answer is written back to KV after the response.
 *
 * Keeping the copies current (each copy has a version, `asOf`: when its D1 read began):
 *  - a campaign change (invalidateCampaigns) drops this isolate's entries and `campaign2:ID`, and
 *    queues a relink (relink.ts): the campaign's record and every code record listed under
 *    `links-of:ID:` are rewritten from D1, a page at a time, within seconds;
 *  - the isolate that made the change does not trust a code record older than the change for
 *    CHANGED_TTL_MS: it reads the campaign's record as well (two reads, as before), so the change
 *    shows there at once;
 *  - self-healing: after serving a link from a code record, the current campaign record (isolate,
 *    else KV `campaign2:ID`, else D1) is compared with the copy, off the response path; a copy that
 *    is older and different is rewritten. Only a newer version replaces an older one, so an
 *    isolate's cached copy cannot roll a relinked record back.
 *
 * Staleness: other isolates and KV's edge caches see a change within the relink's delay (the
 * queue's, about a second) + KV_CACHE_TTL_S + LINK_TTL_MS ≈ 2 minutes. A record that a relink
 * missed (relink lost after the queue's retries, a write-back that read D1 before the change and
 * landed after the relink, two relinks landing out of order) is served stale until a fresh isolate
 * follows it and heals it: that visitor, and those of isolates that read it before the heal
 * (KV_CACHE_TTL_S), still see the old destination. The healer's own view is at most
 * KV_CAMPAIGN_EXPIRY_S (10 minutes) old, so that bounds how long a missed record can survive
 * a follow. A user's deletion deletes their code record and index entry; a relink that read the
 * user just before the deletion committed can put the record back (deleted: false) until the next
 * relink of the campaign or its expiry (1 day).
 */
const LINK_TTL_MS = 60_000;
const UNKNOWN_TTL_MS = 10_000;
const KV_CACHE_TTL_S = 60;
const CHANGED_TTL_MS = KV_CAMPAIGN_EXPIRY_S * 1000;
const MAX_CACHED = 20_000;

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
/** Campaigns this isolate changed, and when: code records copied before then are not trusted here. */
const changedCampaigns = new BoundedCache<number>(MAX_CACHED);
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
 * KV write-back of a miss and the check of a code record's copy, to run after the response
 * (`ctx.waitUntil`).
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
export async function invalidateCode(env: Bindings, code: string, campaignId: string): Promise<void> {
  links.delete(code.toUpperCase());
  await deleteCode(env, code.toUpperCase(), campaignId);
}

/**
 * After a code is created: this isolate forgets a cached miss (or fallback) for it. KV holds
 * only codes that exist, so there is nothing to delete there; other isolates keep a miss for
 * at most UNKNOWN_TTL_MS.
 */
export function forgetMissedCodes(codes: readonly string[]): void {
  for (const code of codes) links.delete(code.toUpperCase());
}

/**
 * After campaigns change (landing URL, status, UTM parameters, fallbacks, dates): this isolate
 * forgets them at once, KV's campaign records go, and a relink per campaign is queued to rewrite
 * the code records that carry a copy. Queuing is best effort: a lost relink leaves records to
 * the self-healing check (header comment).
 */
export async function invalidateCampaigns(env: Bindings, campaignIds: readonly string[]): Promise<void> {
  if (!campaignIds.length) return;
  const ids = new Set(campaignIds);
  const now = Date.now();
  for (const id of ids) {
    campaignRecords.delete(id);
    changedCampaigns.set(id, now, CHANGED_TTL_MS);
  }
  links.deleteWhere((link) => link.campaignId !== null && ids.has(link.campaignId));
  const relinks = [...ids].map((campaignId) => ({ body: { kind: 'relink' as const, campaignId, cursor: null } }));
  await Promise.all([
    ...[...ids].map((id) => env.LINKS.delete(campaignKey(id))),
    sendMessages(env.WEBHOOK_QUEUE, relinks).catch((err: unknown) => {
      console.error(JSON.stringify({ level: 'warn', message: 'relink enqueue failed; links heal when followed', campaignIds: [...ids], error: String(err) }));
    }),
  ]);
}

/** Empties this isolate's caches (KV is untouched): what a fresh isolate looks like. */
export function forgetCachedLinks(): void {
  links.clear();
  campaignRecords.clear();
  changedCampaigns.clear();
}

function unknown(env: Bindings): GoneLink {
  return { kind: 'gone', campaignId: null, location: safeUrl(env.SHARE_FALLBACK_URL ?? null, null, env.APP_ENV === 'development')?.toString() ?? null };
}

async function load(env: Bindings, code: string, defer: Defer): Promise<Link> {
  const record = await env.LINKS.get<CodeRecord>(codeKey(code), { type: 'json', cacheTtl: KV_CACHE_TTL_S });
  if (record) {
    const changedAt = changedCampaigns.get(record.campaign.id);
    if (changedAt === undefined || record.campaign.asOf >= changedAt) {
      defer(heal(env, code, record));
      return remember(env, code, record);
    }
    // This isolate changed the campaign after the copy was made: the current record decides.
    const current = await campaignRecord(env, record.campaign.id, defer);
    if (!current) return remember(env, code, undefined);
    const healed = newer(record, current);
    if (healed) defer(putCode(env, code, healed));
    return remember(env, code, healed ?? record);
  }
  const found = await codeFromDb(env, code);
  if (found) {
    defer(Promise.all([putCode(env, code, found), putCampaign(env, found.campaign)]));
    campaignRecords.set(found.campaign.id, found.campaign, LINK_TTL_MS);
  }
  return remember(env, code, found);
}

function remember(env: Bindings, code: string, record: CodeRecord | undefined): Link {
  if (!record) {
    const link = unknown(env);
    links.set(code, link, UNKNOWN_TTL_MS);
    return link;
  }
  const link = toLink(env, code, record);
  links.set(code, link, LINK_TTL_MS);
  return link;
}

/** The record with `current` in place of its copy, if `current` is newer and redirects differently. */
function newer(record: CodeRecord, current: CampaignRecord): CodeRecord | undefined {
  if (current.asOf <= record.campaign.asOf || sameRedirect(current, record.campaign)) return undefined;
  return { ...record, campaign: current };
}

/**
 * After the response: a code record whose copy is older than the current campaign record is
 * rewritten (it missed a relink), and this isolate's link follows the current record.
 */
async function heal(env: Bindings, code: string, record: CodeRecord): Promise<void> {
  const writes: Promise<unknown>[] = [];
  const current = await campaignRecord(env, record.campaign.id, (p) => writes.push(p));
  const healed = current && newer(record, current);
  if (healed) {
    if (links.get(code)) links.set(code, toLink(env, code, healed), LINK_TTL_MS);
    writes.push(putCode(env, code, healed));
  }
  await Promise.all(writes);
}

async function campaignRecord(env: Bindings, id: string, defer: Defer): Promise<CampaignRecord | undefined> {
  const cached = campaignRecords.get(id);
  if (cached) return cached;
  let record = (await env.LINKS.get<CampaignRecord>(campaignKey(id), { type: 'json', cacheTtl: KV_CACHE_TTL_S })) ?? undefined;
  if (!record) {
    record = await campaignFromDb(env, id);
    if (!record) return undefined;
    defer(putCampaign(env, record));
  }
  campaignRecords.set(id, record, LINK_TTL_MS);
  return record;
}

function toLink(env: Bindings, code: string, record: CodeRecord): Link {
  const campaign = record.campaign;
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
