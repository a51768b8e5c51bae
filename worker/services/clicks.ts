import { and, eq, isNull } from 'drizzle-orm';
import { campaigns, users } from '../db/schema';
import { isBot } from '../domain/detect-bot';
import { hostAllowed } from '../domain/landing-url';
import { visitorId } from '../domain/visitor';
import type { Click } from '../durable-objects/click-aggregator';
import type { Bindings } from '../env';
import { AppError } from '../lib/errors';
import type { ServiceContext } from './context';
import { countingWindow, isCounting } from './links';

/**
 * Aggregator objects per campaign; a referrer's clicks always go to the same one, so its
 * unique-visitor window and its day totals live in one place. Raising this spreads a viral
 * campaign over more objects (each takes ~1,000 calls/s); changing it re-homes referrers, so
 * do it between two UTC days.
 */
export const CLICK_SHARDS = 4;

export interface VisitTarget {
  environmentId: string;
  campaignId: string;
  userId: string;
}

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

export async function recordVisit(env: Bindings, target: VisitTarget, visitor: Visitor, at: number): Promise<{ unique: boolean }> {
  const id = await visitorId(target.userId, visitor.ip, visitor.userAgent);
  return clickAggregator(env, target.campaignId, target.userId).record({ ...target, visitor: id, at });
}

/**
 * Clicks that follow redirects wait BATCH_WINDOW_MS in the isolate so that one call carries
 * all of them to their aggregator (one RPC and one storage commit per batch, not per click).
 * Only the request that opens a batch keeps its `waitUntil` open until the batch is delivered;
 * the others hand their click over and finish: that keeps the isolate up until delivery
 * without holding every request open for the window. The shopper never waits for any of it.
 */
const BATCH_WINDOW_MS = 10;
const MAX_BATCH = 250;

const openBatches = new Map<string, Click[]>();

/** Adds the click to its shard's open batch; returns the delivery to wait for if this click opened it. */
function enqueue(env: Pick<Bindings, 'CLICKS'>, shard: string, click: Click): Promise<void> | null {
  const open = openBatches.get(shard);
  if (open && open.length < MAX_BATCH) {
    open.push(click);
    return null;
  }
  const batch = [click];
  openBatches.set(shard, batch);
  return new Promise((resolve) => setTimeout(resolve, BATCH_WINDOW_MS)).then(() => {
    if (openBatches.get(shard) === batch) openBatches.delete(shard);
    return deliver(env, shard, batch);
  });
}

async function deliver(env: Pick<Bindings, 'CLICKS'>, shard: string, clicks: Click[]): Promise<void> {
  const stub = env.CLICKS.getByName(shard);
  const id = crypto.randomUUID();
  // One retry (a Durable Object can be restarting at the moment of the call); the batch id
  // makes a retry of a delivery that did land count nothing twice.
  await stub.recordBatch(id, clicks).catch(() => stub.recordBatch(id, clicks));
}

/** For `ctx.waitUntil` after a response: never rejects; clicks that cannot be recorded are logged. */
export async function recordVisitAfterResponse(env: Bindings, target: VisitTarget, visitor: Visitor, at: number): Promise<void> {
  try {
    const id = await visitorId(target.userId, visitor.ip, visitor.userAgent);
    await enqueue(env, shardName(target.campaignId, target.userId), { ...target, visitor: id, at });
  } catch (err) {
    console.error(JSON.stringify({ level: 'error', message: 'clicks not recorded', user_id: target.userId, error: String(err) }));
  }
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

const fieldProblem = (type: string, title: string, field: string, message: string) => new AppError(422, type, title, message, [{ field, message }]);
