import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { type Campaign, campaignRuleVersions, campaigns } from '../../db/schema';
import type { CodeFormat } from '../../domain/codes';
import { landingUrlProblem } from '../../domain/landing-url';
import type { BudgetLine, BudgetSpent } from '../../domain/rules/evaluate';
import type { Rule } from '../../domain/rules/schema';
import { conflict, internalError, notFound, type FieldError, validationError } from '../../lib/errors';
import { auditInsert } from '../../outbox/audit';
import { newId } from '../../lib/ids';
import { type ListRequest, type ListSpec, listPage, pickFields } from '../../lib/list-query';
import type { ServiceContext } from '../../lib/service-context';
import { eventInsert, publishEvents } from '../../outbox/events';
import { invalidateCampaigns } from '../share-links/links';
import { checkRuleReferences } from './rule-references';

export type CampaignStatus = Campaign['status'];

export interface CampaignInput {
  name?: string;
  status?: CampaignStatus;
  landing_url?: string | null;
  allowed_domains?: string[];
  fallback_url?: string | null;
  share_message?: string | null;
  utm_params?: Record<string, string>;
  attribution_window_days?: number;
  code_format?: { prefix_source?: CodeFormat['prefixSource']; fixed_prefix?: string | null; suffix_length?: number };
  rules?: Rule[];
  budget?: { amount: number; currency: string } | null;
  budgets?: BudgetLine[];
  starts_at?: string | null;
  ends_at?: string | null;
  widget_leaderboard?: boolean;
}

export const campaignListSpec: ListSpec = {
  columns: {
    id: campaigns.id,
    name: campaigns.name,
    status: campaigns.status,
    created_at: campaigns.createdAt,
    updated_at: campaigns.updatedAt,
  },
  fields: ['id', 'object', 'name', 'status', 'is_default', 'landing_url', 'allowed_domains', 'fallback_url', 'share_message', 'utm_params', 'attribution_window_days', 'code_format', 'rules', 'rules_version', 'budget', 'budgets', 'starts_at', 'ends_at', 'widget_leaderboard', 'created_at', 'updated_at'],
  relations: [],
  defaultOrder: 'created_at',
};

/** Per budget line: what the rules charged to it and what is left (never below zero in the answer). */
export function budgetUsage(budgets: BudgetLine[], spent: BudgetSpent) {
  return budgets.map((b) => {
    const used = spent[b.currency] ?? 0;
    return { currency: b.currency, amount: b.amount, spent: used, remaining: Math.max(0, b.amount - used) };
  });
}

export function toCampaignResource(c: Campaign) {
  return {
    id: c.id,
    object: 'campaign' as const,
    name: c.name,
    status: c.status,
    is_default: c.isDefault,
    landing_url: c.landingUrl,
    allowed_domains: c.allowedDomains,
    fallback_url: c.fallbackUrl,
    share_message: c.shareMessage,
    utm_params: c.utmParams,
    attribution_window_days: c.attributionWindowDays,
    code_format: { prefix_source: c.codePrefixSource, fixed_prefix: c.codeFixedPrefix, suffix_length: c.codeSuffixLength },
    rules: c.rules as Rule[],
    rules_version: c.rulesVersion,
    // The single-budget field shows the only line; with several it is null and `budgets` tells.
    budget: c.budgets.length === 1 && c.budgets[0] ? { amount: c.budgets[0].amount, currency: c.budgets[0].currency } : null,
    budgets: c.budgets.map((b) => ({ currency: b.currency, amount: b.amount })),
    starts_at: c.startsAt,
    ends_at: c.endsAt,
    widget_leaderboard: c.widgetLeaderboard,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export const codeFormatOf = (c: Campaign): CodeFormat => ({
  prefixSource: c.codePrefixSource,
  fixedPrefix: c.codeFixedPrefix,
  suffixLength: c.codeSuffixLength,
});

export async function findCampaign(db: Db, environmentId: string, id: string): Promise<Campaign | undefined> {
  return db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.environmentId, environmentId), eq(campaigns.id, id)))
    .get();
}

/** `default` is an alias for the environment's default campaign, so scripts need not look its id up. */
export async function getCampaign(ctx: ServiceContext, id: string): Promise<Campaign> {
  if (id === 'default') return defaultCampaign(ctx.db, ctx.caller.environmentId);
  const campaign = await findCampaign(ctx.db, ctx.caller.environmentId, id);
  if (!campaign) throw notFound('campaign', id);
  return campaign;
}

export async function defaultCampaign(db: Db, environmentId: string): Promise<Campaign> {
  const campaign = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.environmentId, environmentId), eq(campaigns.isDefault, true)))
    .get();
  if (!campaign) throw internalError('internal-error', 'Internal server error', 'This environment has no default campaign.');
  return campaign;
}

export async function listCampaigns(ctx: ServiceContext, request: ListRequest) {
  return listPage(ctx.origin, request, campaignListSpec, {
    idColumn: campaigns.id,
    scope: eq(campaigns.environmentId, ctx.caller.environmentId),
    select: (where) => ctx.db.select().from(campaigns).where(where),
    count: (where) => ctx.db.select({ total: count() }).from(campaigns).where(where),
  }, (rows, query) => rows.map((c) => pickFields(toCampaignResource(c), query.fields, [])));
}

export async function createCampaign(ctx: ServiceContext, input: CampaignInput & { name: string }): Promise<Campaign> {
  const row = resolveSettings(ctx, {
    id: newId('cmp'),
    environmentId: ctx.caller.environmentId,
    name: input.name,
    status: 'draft',
    isDefault: false,
    landingUrl: null,
    allowedDomains: [],
    fallbackUrl: null,
    shareMessage: null,
    codePrefixSource: 'name',
    codeFixedPrefix: null,
    codeSuffixLength: 6,
    utmParams: {},
    attributionWindowDays: 30,
    rules: [],
    rulesVersion: 0,
    budgets: [],
    budgetAmount: null,
    budgetCurrency: null,
    startsAt: null,
    endsAt: null,
    widgetLeaderboard: false,
  }, input);
  if (input.rules !== undefined) await checkRuleReferences(ctx.db, ctx.caller.environmentId, row.rules as Rule[]);
  const at = new Date().toISOString();
  const [[created]] = await ctx.db.batch([
    ctx.db.insert(campaigns).values({ ...row, createdAt: at, updatedAt: at }).returning(),
    ctx.db.insert(campaignRuleVersions).values({ campaignId: row.id, version: row.rulesVersion, rules: row.rules }),
    auditInsert(ctx.db, ctx.caller, { action: 'campaign.created', targetType: 'campaign', targetId: row.id, before: null, after: toCampaignResource({ ...row, createdAt: at, updatedAt: at }) }, at),
  ]);
  return created as Campaign;
}

export async function updateCampaign(ctx: ServiceContext, id: string, input: CampaignInput): Promise<Campaign> {
  const current = await getCampaign(ctx, id);
  if (current.status === 'ended' && input.status !== undefined && input.status !== 'ended') {
    throw conflict('campaign-ended', 'Campaign ended', 'An ended campaign cannot be reopened; create a new campaign.');
  }
  const next = resolveSettings(ctx, current, input);
  if (input.rules !== undefined) await checkRuleReferences(ctx.db, ctx.caller.environmentId, next.rules as Rule[]);
  const at = new Date().toISOString();
  const update = ctx.db
    .update(campaigns)
    .set({ ...next, updatedAt: at })
    .where(and(eq(campaigns.environmentId, ctx.caller.environmentId), eq(campaigns.id, current.id)))
    .returning();
  // The change, its rules version (when the rules changed) and its event commit together.
  const event = { id: newId('evt'), environmentId: ctx.caller.environmentId, type: 'campaign.updated' as const, data: toCampaignResource({ ...current, ...next, updatedAt: at }), createdAt: at };
  const version = ctx.db.insert(campaignRuleVersions).values({ campaignId: current.id, version: next.rulesVersion, rules: next.rules });
  const audit = auditInsert(ctx.db, ctx.caller, { action: 'campaign.updated', targetType: 'campaign', targetId: current.id, before: toCampaignResource(current), after: event.data }, at);
  const [[updated]] = next.rulesVersion === current.rulesVersion
    ? await ctx.db.batch([update, eventInsert(ctx.db, event), audit])
    : await ctx.db.batch([update, eventInsert(ctx.db, event), audit, version]);
  await publishEvents(ctx.env, [event.id]);
  return linksInvalidated(ctx, updated as Campaign);
}

/** Share links cache campaign settings (services/share-links/links.ts): drop them once the change is committed. */
async function linksInvalidated(ctx: ServiceContext, campaign: Campaign): Promise<Campaign> {
  await invalidateCampaigns(ctx.env, [campaign.id]);
  return campaign;
}

type CampaignSettings = Omit<Campaign, 'createdAt' | 'updatedAt'>;

/** Applies the input to the current settings and checks the result as a whole. */
function resolveSettings(ctx: ServiceContext, current: CampaignSettings, input: CampaignInput): CampaignSettings {
  const next: CampaignSettings = { ...current };
  if (input.name !== undefined) next.name = input.name;
  if (input.status !== undefined) next.status = input.status;
  if (input.landing_url !== undefined) next.landingUrl = input.landing_url;
  if (input.fallback_url !== undefined) next.fallbackUrl = input.fallback_url;
  if (input.share_message !== undefined) next.shareMessage = input.share_message;
  if (input.utm_params !== undefined) next.utmParams = input.utm_params;
  if (input.attribution_window_days !== undefined) next.attributionWindowDays = input.attribution_window_days;
  if (input.allowed_domains !== undefined) next.allowedDomains = [...new Set(input.allowed_domains.map((d) => d.toLowerCase()))];
  else if (input.landing_url && next.allowedDomains.length === 0 && URL.canParse(input.landing_url)) {
    // An unparsable URL allows no domain; landingUrlProblem reports it below as a 400.
    next.allowedDomains = [new URL(input.landing_url).hostname];
  }
  const format = input.code_format;
  if (format?.prefix_source !== undefined) next.codePrefixSource = format.prefix_source;
  if (format?.fixed_prefix !== undefined) next.codeFixedPrefix = format.fixed_prefix?.toUpperCase() ?? null;
  if (format?.suffix_length !== undefined) next.codeSuffixLength = format.suffix_length;
  if (input.rules !== undefined) {
    next.rules = input.rules;
    next.rulesVersion = current.rulesVersion + 1;
  }
  // budget_amount / budget_currency are no longer written (migration 0015): budgets holds every line.
  if (input.budgets !== undefined) next.budgets = input.budgets.map((b) => ({ currency: b.currency, amount: b.amount }));
  else if (input.budget !== undefined) next.budgets = input.budget ? [{ currency: input.budget.currency, amount: input.budget.amount }] : [];
  if (input.starts_at !== undefined) next.startsAt = input.starts_at;
  if (input.widget_leaderboard !== undefined) next.widgetLeaderboard = input.widget_leaderboard;
  if (input.ends_at !== undefined) next.endsAt = input.ends_at;

  const errors: FieldError[] = [];
  if (input.budget !== undefined && input.budgets !== undefined) {
    errors.push({ field: 'budget', message: 'Give budget (one currency) or budgets (one line per currency), not both.' });
  }
  const allowLocalHttp = ctx.env.APP_ENV === 'development';
  for (const [field, url] of [['landing_url', next.landingUrl], ['fallback_url', next.fallbackUrl]] as const) {
    const problem = url ? landingUrlProblem(url, next.allowedDomains, allowLocalHttp) : null;
    if (problem) errors.push({ field, message: problem });
  }
  if (next.codePrefixSource === 'fixed' && !next.codeFixedPrefix) {
    errors.push({ field: 'code_format.fixed_prefix', message: "Required when prefix_source is 'fixed'." });
  }
  if (next.codePrefixSource === 'none' && next.codeSuffixLength < 6) {
    errors.push({ field: 'code_format.suffix_length', message: 'Codes without a prefix need a suffix of at least 6 characters.' });
  }
  if (next.startsAt && next.endsAt && next.startsAt >= next.endsAt) {
    errors.push({ field: 'ends_at', message: 'Must be later than starts_at.' });
  }
  if (errors.length) throw validationError(errors);
  return next;
}
