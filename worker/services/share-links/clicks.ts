import { and, eq, isNull } from 'drizzle-orm';
import { campaigns, users } from '../../db/schema';
import { isBot } from '../../domain/detect-bot';
import { hostAllowed } from '../../domain/landing-url';
import { visitorId } from '../../domain/visitor';
import type { Bindings } from '../../env';
import { unprocessable } from '../../lib/errors';
import { addClick, type VisitTarget } from './click-batch';
import type { ServiceContext } from '../../lib/service-context';
import { countingWindow, type Defer, isCounting } from './links';

/**
 * Aggregator objects per campaign; a referrer's clicks always go to the same one, so its
 * unique-visitor window and its day totals live in one place. Raising this spreads a viral
 * campaign over more objects (each takes ~1,000 calls/s); changing it re-homes referrers, so
 * do it between two UTC days.
 */
export const CLICK_SHARDS = 4;

export interface Visitor {
  ip: string | null | undefined;
  userAgent: string | null | undefined;
}

/** FNV-1a: a stable, cheap spread of user ids over the shards. */
function shardOf(userId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) hash = Math.imul(hash ^ userId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % CLICK_SHARDS;
}

const shardName = (campaignId: string, userId: string) => `${campaignId}:${shardOf(userId)}`;

export const clickAggregator = (env: Pick<Bindings, 'CLICKS'>, campaignId: string, userId: string) => env.CLICKS.getByName(shardName(campaignId, userId));

/** Counts one visit now, through its aggregator, and says whether it was unique (`POST /v1/clicks`). */
export async function recordVisit(env: Bindings, target: VisitTarget, visitor: Visitor, at: number): Promise<{ unique: boolean }> {
  const id = visitorId(target.userId, visitor.ip, visitor.userAgent);
  return clickAggregator(env, target.campaignId, target.userId).record({ ...target, visitor: id, at });
}

/**
 * Counts a visit after the response (followed share links, the visit beacon): one update of
 * this isolate's open click batch (services/share-links/click-batch.ts); `defer` (ctx.waitUntil) is called
 * only by the click that opens a batch.
 */
export function countVisit(env: Pick<Bindings, 'CLICKS'>, defer: Defer, target: VisitTarget, visitor: Visitor, at: number): void {
  addClick(env, defer, shardName(target.campaignId, target.userId), target, visitor.ip ?? null, visitor.userAgent ?? null, at);
}

export interface ClickInput {
  code: string;
  landing_url?: string;
  user_agent?: string;
  ip?: string;
}

export type NotCountedReason = 'bot' | 'campaign-not-live';

/**
 * `POST /v1/clicks`: a visit the shop saw on its own site (`?r=CODE`). Counted like a followed
 * share link, in the caller's environment only.
 */
export async function recordClick(ctx: ServiceContext, input: ClickInput) {
  const code = input.code.trim().toUpperCase();
  const row = await ctx.db
    .select({ userId: users.id, campaign: campaigns })
    .from(users)
    .innerJoin(campaigns, eq(campaigns.id, users.campaignId))
    .where(and(eq(users.environmentId, ctx.caller.environmentId), eq(users.referralCode, code), isNull(users.deletedAt)))
    .get();
  if (!row) throw fieldProblem('unknown-reference', 'Unknown reference', 'code', `No referrer with code '${input.code}' in this environment.`);
  const { campaign } = row;
  if (input.landing_url && campaign.allowedDomains.length && !hostAllowed(new URL(input.landing_url).hostname, campaign.allowedDomains)) {
    throw fieldProblem('landing-url-not-allowed', 'Landing URL not allowed', 'landing_url', `Host is not in the campaign's allowed_domains (${campaign.allowedDomains.join(', ')}).`);
  }

  const at = Date.now();
  let reason: NotCountedReason | null = null;
  if (input.user_agent !== undefined && isBot(input.user_agent)) reason = 'bot';
  else if (!isCounting(countingWindow(campaign), at)) reason = 'campaign-not-live';
  const result = reason
    ? null
    : await recordVisit(ctx.env, { environmentId: campaign.environmentId, campaignId: campaign.id, userId: row.userId }, { ip: input.ip, userAgent: input.user_agent }, at);
  return {
    object: 'click' as const,
    code,
    user_id: row.userId,
    campaign_id: campaign.id,
    counted: result !== null,
    unique: result?.unique ?? null,
    reason,
  };
}

const fieldProblem = (type: string, title: string, field: string, message: string) => unprocessable(type, title, message, [{ field, message }]);
