import { and, count, eq, isNull, or, sql } from 'drizzle-orm';
import { inValues } from '../../db/d1-limits';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client';
import { type Campaign, campaigns, type User, users } from '../../db/schema';
import { codePrefix, composeCode, normalizeCode, randomSuffix } from '../../domain/codes';
import { destination, safeUrl } from '../../domain/link-destination';
import { shareMessage, sharingLinks, shareUrl } from '../../domain/share-links';
import { uniqueViolation } from '../../lib/db-errors';
import { conflict, notFound, unprocessable } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { type ListRequest, type ListSpec, listPage, pickFields } from '../../lib/list-query';
import { codeFormatOf, defaultCampaign, findCampaign, toCampaignResource } from '../campaigns/campaigns';
import type { ServiceContext } from '../../lib/service-context';
import { eventInsert, publishEvents } from '../../outbox/events';
import { forgetMissedCodes } from '../share-links/links';
import { rewardsOfUsers } from '../rewards/rewards';
import type { RewardResource } from '../../domain/resources/reward';

export interface CreateUserInput {
  external_id: string;
  email?: string | null;
  name?: string | null;
  campaign_id?: string;
  code?: string;
  referred_by?: string;
  metadata?: Record<string, unknown>;
}

export type UpdateUserInput = Partial<Pick<CreateUserInput, 'email' | 'name' | 'metadata'>>;

const MINT_ATTEMPTS = 5;
const referrers = alias(users, 'referrers');

export const userListSpec: ListSpec = {
  columns: {
    id: users.id,
    external_id: users.externalId,
    email: users.email,
    name: users.name,
    referral_code: users.referralCode,
    campaign_id: users.campaignId,
    referrer_id: users.referrerId,
    source: users.source,
    visits: users.visits,
    unique_visits: users.uniqueVisits,
    created_at: users.createdAt,
    updated_at: users.updatedAt,
  },
  fields: ['id', 'object', 'external_id', 'email', 'name', 'referral_code', 'share_url', 'direct_url', 'sharing', 'campaign_id', 'referrer_id', 'referred_by', 'metadata', 'source', 'visits', 'unique_visits', 'created_at', 'updated_at'],
  relations: ['campaign', 'referrer', 'rewards_due', 'rewards_issued'],
  defaultOrder: 'created_at',
};

/** Where `/r/CODE` leads (landing URL, UTM parameters, `r=CODE`), or null with no usable landing URL. */
function directUrl(campaign: Campaign, code: string): string | null {
  const landing = safeUrl(campaign.landingUrl, campaign.allowedDomains, true);
  return landing ? destination(landing, campaign.utmParams, code) : null;
}

export function toUserResource(u: User, campaign: Campaign, referrerCode: string | null, origin: string) {
  const url = shareUrl(u.referralCode, origin);
  return {
    id: u.id,
    object: 'user' as const,
    external_id: u.externalId,
    email: u.email,
    name: u.name,
    referral_code: u.referralCode,
    share_url: url,
    direct_url: directUrl(campaign, u.referralCode),
    sharing: sharingLinks(url, shareMessage(campaign.shareMessage, campaign.name, url), campaign.name),
    campaign_id: u.campaignId,
    referrer_id: u.referrerId,
    referred_by: referrerCode,
    metadata: u.metadata,
    source: u.source,
    visits: u.visits,
    unique_visits: u.uniqueVisits,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
  };
}

export type UserResource = ReturnType<typeof toUserResource>;

const live = (environmentId: string) => and(eq(users.environmentId, environmentId), isNull(users.deletedAt));

/** Turns rows into resources, loading their campaigns and (on request) referrers in two queries. */
async function present(ctx: ServiceContext, rows: { user: User; referrerCode: string | null; campaign?: Campaign }[], relations: string[]) {
  const referrerIds = relations.includes('referrer') ? [...new Set(rows.flatMap((r) => (r.user.referrerId ? [r.user.referrerId] : [])))] : [];
  const referrerRows = referrerIds.length
    ? await ctx.db.select().from(users).where(and(live(ctx.caller.environmentId), inValues(users.id, referrerIds))).all()
    : [];
  // The rows carry their campaigns (joined); only a referrer's campaign may need a query.
  const campaignById = new Map(rows.flatMap((r) => (r.campaign ? [[r.campaign.id, r.campaign] as const] : [])));
  const campaignIds = [...new Set([...rows.map((r) => r.user.campaignId), ...referrerRows.map((u) => u.campaignId)])].filter((id) => !campaignById.has(id));
  const campaignRows = campaignIds.length ? await ctx.db.select().from(campaigns).where(inValues(campaigns.id, campaignIds)).all() : [];
  for (const c of campaignRows) campaignById.set(c.id, c);
  const referrerById = new Map(referrerRows.map((u) => [u.id, u]));
  const rewardsByUser = await rewardsOfUsers(ctx.db, ctx.caller.environmentId, rows.map((r) => r.user.id), relations);
  return rows.map(({ user, referrerCode }) => {
    const campaign = campaignById.get(user.campaignId) as Campaign;
    const resource: UserResource & {
      campaign?: ReturnType<typeof toCampaignResource>;
      referrer?: UserResource | null;
      rewards_due?: RewardResource[];
      rewards_issued?: RewardResource[];
    } = toUserResource(user, campaign, referrerCode, ctx.origin);
    if (relations.includes('rewards_due')) resource.rewards_due = rewardsByUser.get(user.id)?.due ?? [];
    if (relations.includes('rewards_issued')) resource.rewards_issued = rewardsByUser.get(user.id)?.issued ?? [];
    if (relations.includes('campaign')) resource.campaign = toCampaignResource(campaign);
    if (relations.includes('referrer')) {
      const referrer = user.referrerId ? referrerById.get(user.referrerId) : undefined;
      resource.referrer = referrer ? toUserResource(referrer, campaignById.get(referrer.campaignId) as Campaign, null, ctx.origin) : null;
    }
    return resource;
  });
}

/** Users with their referrer's code and their campaign: one query is enough to present them. */
function selectUsers(db: Db) {
  return db
    .select({ user: users, referrerCode: referrers.referralCode, campaign: campaigns })
    .from(users)
    .leftJoin(referrers, eq(referrers.id, users.referrerId))
    .innerJoin(campaigns, eq(campaigns.id, users.campaignId));
}

export async function findUser(ctx: ServiceContext, idOrExternalId: string) {
  return selectUsers(ctx.db)
    .where(and(live(ctx.caller.environmentId), or(eq(users.id, idOrExternalId), eq(users.externalId, idOrExternalId))))
    .orderBy(sql`${users.id} = ${idOrExternalId} DESC`)
    .get();
}

export async function getUser(ctx: ServiceContext, idOrExternalId: string, relations: string[] = []) {
  const row = await findUser(ctx, idOrExternalId);
  if (!row) throw notFound('user', idOrExternalId);
  const [resource] = await present(ctx, [row], relations);
  return resource as UserResource;
}

export async function listUsers(ctx: ServiceContext, request: ListRequest) {
  // The page and its total run side by side, never in one db.batch(): D1 batches return rows as
  // objects, and the joined referrer's referral_code would overwrite the user's own.
  return listPage(ctx.origin, request, userListSpec, {
    idColumn: users.id,
    scope: live(ctx.caller.environmentId),
    select: (where) => selectUsers(ctx.db).where(where),
    count: (where) => ctx.db.select({ total: count() }).from(users).where(where),
  }, async (rows, query) => (await present(ctx, rows, query.with)).map((u) => pickFields(u, query.fields, query.with)));
}

/**
 * Enrols a referrer. Idempotent by external id: a second call returns the first user
 * (`created: false`), even when both calls race.
 */
export async function createUser(
  ctx: ServiceContext,
  input: CreateUserInput,
  source: 'api' | 'import' | 'dashboard' = 'api',
  /** A caller that just read them (a signup creating its referee, which it found absent): not read again. */
  known?: { campaign: Campaign; referrer: { id: string; code: string } },
): Promise<{ user: UserResource; created: boolean }> {
  const environmentId = ctx.caller.environmentId;
  // Independent reads in one round trip: the user may exist, and a new one needs its campaign.
  const [existing, campaign] = known
    ? [undefined, known.campaign]
    : await Promise.all([
        findUser(ctx, input.external_id),
        input.campaign_id ? findCampaign(ctx.db, environmentId, input.campaign_id) : defaultCampaign(ctx.db, environmentId),
      ]);
  if (existing && existing.user.externalId === input.external_id) {
    const [user] = await present(ctx, [existing], []);
    return { user: user as UserResource, created: false };
  }
  if (!campaign) throw unknownReference('campaign_id', `No campaign '${input.campaign_id}' in this environment.`);
  if (campaign.status === 'ended') throw conflict('campaign-ended', 'Campaign ended', 'This campaign has ended and takes no new referrers.');

  let referrerId: string | null = null;
  let referrerCode: string | null = null;
  if (known) {
    referrerId = known.referrer.id;
    referrerCode = known.referrer.code;
  } else if (input.referred_by) {
    const referrer = await ctx.db
      .select({ id: users.id, code: users.referralCode })
      .from(users)
      .where(and(live(environmentId), eq(users.referralCode, normalizeCode(input.referred_by))))
      .get();
    if (!referrer) throw unknownReference('referred_by', `No referrer with code '${input.referred_by}' in this environment.`);
    referrerId = referrer.id;
    referrerCode = referrer.code;
  }

  const stub = ctx.env.CAMPAIGN.getByName(campaign.id);
  const row = {
    environmentId,
    campaignId: campaign.id,
    externalId: input.external_id,
    email: input.email ?? null,
    name: input.name ?? null,
    referrerId,
    metadata: input.metadata ?? {},
    source: referrerId ? ('referred' as const) : source,
  };

  const prefix = codePrefix(codeFormatOf(campaign), input.name);
  for (let attempt = 1; ; attempt++) {
    const vanity = input.code !== undefined;
    // A generated code's first try is drawn here and reserved in the campaign object *beside* the
    // insert, not before it (one round trip, not two). D1's deployment-wide unique index on
    // referral_code decides: every code ever given to a user stays in it (users are never deleted),
    // so a drawn code that is in use fails the insert and the retry mints in the object, which knows
    // the campaign's codes and lengthens the suffix of a crowded prefix. A code the object holds for a
    // mint still in flight loses to this insert only if this insert commits first; that mint's insert
    // then fails on the same index and it mints again. Never two users with one code.
    const drawn = !vanity && attempt === 1;
    let code: string;
    if (vanity) {
      code = normalizeCode(input.code as string);
      if (!(await stub.claim(code))) throw codeTaken(code);
    } else {
      code = drawn ? composeCode(prefix, randomSuffix(campaign.codeSuffixLength)) : await stub.mint(prefix, campaign.codeSuffixLength);
    }
    const at = new Date().toISOString();
    const user: User = { ...row, id: newId('usr'), referralCode: code, visits: 0, uniqueVisits: 0, createdAt: at, updatedAt: at, deletedAt: null };
    const event = { id: newId('evt'), environmentId, type: 'user.created' as const, data: toUserResource(user, campaign, referrerCode, ctx.origin), createdAt: at };
    // True when this request holds the code in the campaign object (and must give it back if unused).
    const reserved: Promise<boolean> = drawn
      ? stub.claim(code).catch((err: unknown) => {
          // Only the object's list of the campaign's codes misses it; D1's index still guards it.
          console.error('reserving a drawn code in the campaign object failed; D1 still guards it', err);
          return false;
        })
      : Promise.resolve(true);
    try {
      await ctx.db.batch([ctx.db.insert(users).values(user), eventInsert(ctx.db, event)]);
    } catch (err) {
      const violated = uniqueViolation(err);
      const ours = await reserved;
      if (!violated) throw err;
      if (ours) await stub.release(code);
      if (violated.includes('external_id')) {
        return { user: await getUser(ctx, input.external_id), created: false };
      }
      // Another campaign, environment or workspace holds the code: the deployment-wide index caught it.
      if (vanity) throw codeTaken(code);
      if (attempt >= MINT_ATTEMPTS) throw err;
      continue;
    }
    await reserved;
    forgetMissedCodes([code]);
    await publishLater(ctx, [event.id]);
    // The row just written is the answer: no re-read.
    return { user: event.data, created: true };
  }
}

export async function updateUser(ctx: ServiceContext, idOrExternalId: string, input: UpdateUserInput) {
  const current = await findUser(ctx, idOrExternalId);
  if (!current) throw notFound('user', idOrExternalId);
  const changes = {
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
    updatedAt: new Date().toISOString(),
  };
  // The event carries the user as the change left it: that is the answer, no re-read.
  return writeWithEvent(ctx, current, changes, 'user.updated');
}

/** The change and its event (the user as it is after the change) commit together. */
async function writeWithEvent(ctx: ServiceContext, current: { user: User; referrerCode: string | null; campaign: Campaign }, changes: Partial<User>, type: 'user.updated') {
  const campaign = current.campaign;
  const after: User = { ...current.user, ...changes };
  const event = { id: newId('evt'), environmentId: ctx.caller.environmentId, type, data: toUserResource(after, campaign, current.referrerCode, ctx.origin), createdAt: after.updatedAt };
  await ctx.db.batch([ctx.db.update(users).set(changes).where(eq(users.id, current.user.id)), eventInsert(ctx.db, event)]);
  await publishLater(ctx, [event.id]);
  return event.data;
}

/**
 * Publishes after the response when the request allows it: the event row committed with the
 * change, and the sweep dispatches any event whose publish is lost, so nothing waits for the queue.
 */
export function publishLater(ctx: Pick<ServiceContext, 'env' | 'defer'>, ids: string[]): void | Promise<void> {
  if (!ctx.defer) return publishEvents(ctx.env, ids);
  ctx.defer(publishEvents(ctx.env, ids));
}

const unknownReference = (field: string, message: string) =>
  unprocessable('unknown-reference', 'Unknown reference', message, [{ field, message }]);

const codeTaken = (code: string) =>
  conflict('code-taken', 'Code taken', `The code '${code}' is already in use.`, [{ field: 'code', message: 'Already in use.' }]);
