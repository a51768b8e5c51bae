import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const workspaces = sqliteTable('workspaces', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: text('created_at').notNull().default(now),
});

/** Every workspace has exactly two environments; every other row belongs to one of them. */
export const environments = sqliteTable(
  'environments',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    mode: text('mode', { enum: ['live', 'test'] }).notNull(),
    /** Where share links with unknown codes go when their campaign has no fallback. */
    fallbackUrl: text('fallback_url'),
    createdAt: text('created_at').notNull().default(now),
    /** Origins (`https://shop.example`) the environment's publishable keys work from (migration 0013). */
    allowedOrigins: text('allowed_origins', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** The secret that signs customer tokens for the widget, sealed (services/widget/secret.ts). */
    widgetSecret: text('widget_secret'),
    widgetSecretPrefix: text('widget_secret_prefix'),
    widgetSecretCreatedAt: text('widget_secret_created_at'),
  },
  (t) => [uniqueIndex('environments_workspace_mode').on(t.workspaceId, t.mode)],
);

export const admins = sqliteTable('admins', {
  id: text('id').primaryKey(),
  workspaceId: text('workspace_id')
    .notNull()
    .references(() => workspaces.id),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  createdAt: text('created_at').notNull().default(now),
});

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    environmentId: text('environment_id')
      .notNull()
      .references(() => environments.id),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'standard', 'publishable'] }).notNull(),
    /** A standard key's scopes (worker/domain/scopes.ts); admin keys hold all, whatever this says. */
    scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** First characters of the key, shown to identify it (`rk_test_AbC1`). */
    prefix: text('prefix').notNull(),
    /** SHA-256 of the whole key, hex. The key itself is never stored. */
    keyHash: text('key_hash').notNull().unique(),
    createdBy: text('created_by').notNull(),
    rotatedFromId: text('rotated_from_id'),
    createdAt: text('created_at').notNull().default(now),
    lastUsedAt: text('last_used_at'),
    /** Set when the key is rotated: it keeps working until then. */
    expiresAt: text('expires_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('api_keys_environment').on(t.environmentId, t.createdAt)],
);

export const campaigns = sqliteTable(
  'campaigns',
  {
    id: text('id').primaryKey(),
    environmentId: text('environment_id')
      .notNull()
      .references(() => environments.id),
    name: text('name').notNull(),
    status: text('status', { enum: ['draft', 'live', 'paused', 'ended'] }).notNull(),
    isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
    landingUrl: text('landing_url'),
    allowedDomains: text('allowed_domains', { mode: 'json' }).$type<string[]>().notNull(),
    fallbackUrl: text('fallback_url'),
    shareMessage: text('share_message'),
    codePrefixSource: text('code_prefix_source', { enum: ['name', 'fixed', 'none'] }).notNull(),
    codeFixedPrefix: text('code_fixed_prefix'),
    codeSuffixLength: integer('code_suffix_length').notNull(),
    /** UTM parameters added to share-link redirects, e.g. { utm_source: 'referral' }. */
    utmParams: text('utm_params', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
    attributionWindowDays: integer('attribution_window_days').notNull().default(30),
    /** Ordered reward rules (see worker/domain/rules/schema.ts); each change bumps rules_version. */
    rules: text('rules', { mode: 'json' }).$type<unknown[]>().notNull().default([]),
    rulesVersion: integer('rules_version').notNull().default(0),
    /** Budget lines, at most one per currency (minor units); cash/credit rewards in a line's currency count against it (migration 0015). */
    budgets: text('budgets', { mode: 'json' }).$type<{ currency: string; amount: number }[]>().notNull().default([]),
    /**
     * The single budget before migration 0015, copied into `budgets` there and no longer written. The campaign
     * object reads budget_currency once: the total it counted before per-currency budgets was in that currency.
     */
    budgetAmount: integer('budget_amount'),
    budgetCurrency: text('budget_currency'),
    startsAt: text('starts_at'),
    endsAt: text('ends_at'),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
    /** Whether the referral widget shows the referrer's leaderboard position (migration 0013). */
    widgetLeaderboard: integer('widget_leaderboard', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('campaigns_environment').on(t.environmentId, t.createdAt)],
);

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    environmentId: text('environment_id')
      .notNull()
      .references(() => environments.id),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    /** Null once the user is deleted (personal data erased). */
    externalId: text('external_id'),
    email: text('email'),
    name: text('name'),
    /** Upper-case canonical form; lookups upper-case their input. */
    referralCode: text('referral_code').notNull(),
    referrerId: text('referrer_id'),
    metadata: text('metadata', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    source: text('source', { enum: ['api', 'import', 'dashboard', 'referred'] }).notNull(),
    /** Share-link visits, projected from the click aggregator (raw clicks and unique visitors). */
    visits: integer('visits').notNull().default(0),
    uniqueVisits: integer('unique_visits').notNull().default(0),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
    deletedAt: text('deleted_at'),
  },
  (t) => [
    uniqueIndex('users_environment_external_id').on(t.environmentId, t.externalId),
    // Share links (/r/CODE) carry no environment: a code is unique across the whole deployment.
    uniqueIndex('users_referral_code').on(t.referralCode),
    index('users_environment_created').on(t.environmentId, t.createdAt),
    index('users_referrer').on(t.referrerId),
  ],
);

/** Codes migration 0010 gave to the younger holders of a code held in several environments. */
export const codeReassignments = sqliteTable('code_reassignments', {
  userId: text('user_id').primaryKey(),
  environmentId: text('environment_id').notNull(),
  oldCode: text('old_code').notNull(),
  newCode: text('new_code').notNull(),
  keptByUserId: text('kept_by_user_id').notNull(),
  keptByEnvironmentId: text('kept_by_environment_id').notNull(),
  createdAt: text('created_at').notNull().default(now),
});

/** Visits per referrer per day (UTC), projected in batches from the click aggregator. */
export const visitDays = sqliteTable(
  'visit_days',
  {
    environmentId: text('environment_id').notNull(),
    campaignId: text('campaign_id').notNull(),
    userId: text('user_id').notNull(),
    day: text('day').notNull(),
    visits: integer('visits').notNull().default(0),
    uniqueVisits: integer('unique_visits').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.day] }),
    index('visit_days_environment_day').on(t.environmentId, t.day),
    index('visit_days_campaign_day').on(t.campaignId, t.day),
  ],
);

/** Every rules version a campaign has had, so a reward can always be traced to the rules that made it. */
export const campaignRuleVersions = sqliteTable(
  'campaign_rule_versions',
  {
    campaignId: text('campaign_id').notNull(),
    version: integer('version').notNull(),
    rules: text('rules', { mode: 'json' }).$type<unknown[]>().notNull(),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.version] })],
);

/** Logged events (signups, sales, refunds, custom). Written by the campaign object's projection. */
export const referrals = sqliteTable(
  'referrals',
  {
    id: text('id').primaryKey(),
    environmentId: text('environment_id').notNull(),
    campaignId: text('campaign_id').notNull(),
    type: text('type').notNull(),
    status: text('status', { enum: ['qualified', 'not_qualified', 'rejected', 'refunded', 'recorded'] }).notNull(),
    /** Why the event was rejected or produced no reward: [{ rule_id, reason }]. */
    reasons: text('reasons', { mode: 'json' }).$type<{ rule_id: string | null; reason: string }[]>().notNull(),
    referrerId: text('referrer_id').notNull(),
    refereeId: text('referee_id'),
    amount: integer('amount'),
    currency: text('currency'),
    orderId: text('order_id'),
    refundOf: text('refund_of'),
    dedupeKey: text('dedupe_key').notNull(),
    rulesVersion: integer('rules_version').notNull(),
    metadata: text('metadata', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    occurredAt: text('occurred_at').notNull(),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('referrals_campaign_dedupe').on(t.campaignId, t.dedupeKey),
    index('referrals_environment_created').on(t.environmentId, t.createdAt),
    index('referrals_order').on(t.environmentId, t.orderId),
    // GET /v1/stats (migration 0009): per-day aggregates from covering indexes.
    index('referrals_environment_day').on(t.environmentId, t.occurredAt, t.type, t.status, t.currency, t.amount),
    index('referrals_campaign_day').on(t.campaignId, t.occurredAt, t.type, t.status, t.currency, t.amount),
    // Also serves lookups by referrer alone (migration 0017 dropped the one-column index it covers).
    index('referrals_referrer_day').on(t.referrerId, t.occurredAt),
    index('referrals_refund_of').on(t.refundOf).where(sql`${t.refundOf} IS NOT NULL`),
  ],
);

export const rewards = sqliteTable(
  'rewards',
  {
    id: text('id').primaryKey(),
    environmentId: text('environment_id').notNull(),
    campaignId: text('campaign_id').notNull(),
    referralId: text('referral_id'),
    userId: text('user_id').notNull(),
    recipient: text('recipient', { enum: ['referrer', 'referee'] }).notNull(),
    type: text('type', { enum: ['cash', 'credit', 'points', 'voucher'] }).notNull(),
    amount: integer('amount'),
    currency: text('currency'),
    points: integer('points'),
    voucherPoolId: text('voucher_pool_id'),
    voucherCode: text('voucher_code'),
    status: text('status', { enum: ['pending', 'approved', 'paid', 'cancelled'] }).notNull(),
    statusReason: text('status_reason'),
    holdUntil: text('hold_until'),
    needsReview: integer('needs_review', { mode: 'boolean' }).notNull().default(false),
    ruleId: text('rule_id'),
    rulesVersion: integer('rules_version'),
    note: text('note'),
    /** What this reward took from its campaign's budget (minor units); given back if it is cancelled unpaid. */
    budgetCharged: integer('budget_charged').notNull().default(0),
    /** When the campaign object took `budget_charged` back after a cancel; null while it is still owed (the alarm's sweep retries). */
    budgetReleasedAt: text('budget_released_at'),
    payoutReference: text('payout_reference'),
    /** What refunds took back (minor units or points): the reward is worth amount − reversed_amount (migration 0014). */
    reversedAmount: integer('reversed_amount').notNull().default(0),
    /** A percentage reward: a partial refund reduces it in proportion (docs/ledger.md). */
    proportional: integer('proportional', { mode: 'boolean' }).notNull().default(false),
    /** The payout batch this reward is reserved in or was paid by. */
    payoutId: text('payout_id'),
    /** The refund referral or payout that last changed its value; the ledger trigger records it. */
    cause: text('cause'),
    approvedAt: text('approved_at'),
    paidAt: text('paid_at'),
    cancelledAt: text('cancelled_at'),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [
    // By environment, by user and by campaign, rewards are found through the wider indexes below,
    // which begin with the same columns (migration 0017 dropped the narrower copies: every reward
    // written updated each of them).
    index('rewards_referral').on(t.referralId),
    // Lazy hold release and pool refills look rewards up by state.
    index('rewards_status_hold').on(t.environmentId, t.status, t.holdUntil),
    index('rewards_pool_status').on(t.voucherPoolId, t.status),
    // GET /v1/stats (migration 0009).
    index('rewards_environment_day').on(t.environmentId, t.createdAt, t.status, t.type, t.currency, t.amount),
    index('rewards_campaign_day').on(t.campaignId, t.createdAt, t.status, t.type, t.currency, t.amount),
    index('rewards_user_day').on(t.userId, t.createdAt),
    // The campaign object's sweep: cancelled rewards whose budget charge is still owed back.
    index('rewards_budget_owed')
      .on(t.campaignId)
      .where(sql`${t.status} = 'cancelled' AND ${t.budgetCharged} > 0 AND ${t.budgetReleasedAt} IS NULL`),
    index('rewards_payout').on(t.payoutId).where(sql`${t.payoutId} IS NOT NULL`),
    index('rewards_review').on(t.environmentId, t.createdAt).where(sql`${t.needsReview} = 1 OR ${t.statusReason} = 'awaiting_approval'`),
  ],
);

/** A pool of voucher codes that voucher rewards draw from. */
export const voucherPools = sqliteTable(
  'voucher_pools',
  {
    id: text('id').primaryKey(),
    environmentId: text('environment_id').notNull(),
    campaignId: text('campaign_id'),
    name: text('name').notNull(),
    /** Face value of each voucher, informational (minor units of currency). */
    currency: text('currency'),
    value: integer('value'),
    /** Below this many available codes the pool reports `low_stock`. */
    lowStockThreshold: integer('low_stock_threshold').notNull().default(10),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [index('voucher_pools_environment_created').on(t.environmentId, t.createdAt)],
);

/** Voucher codes: unique per environment, so a code alone names one voucher when it is redeemed. */
export const vouchers = sqliteTable(
  'vouchers',
  {
    id: text('id').primaryKey(),
    environmentId: text('environment_id').notNull(),
    poolId: text('pool_id').notNull(),
    code: text('code').notNull(),
    status: text('status', { enum: ['available', 'assigned', 'redeemed'] }).notNull(),
    rewardId: text('reward_id'),
    assignedAt: text('assigned_at'),
    redeemedAt: text('redeemed_at'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('vouchers_environment_code').on(t.environmentId, t.code),
    index('vouchers_pool_status').on(t.poolId, t.status),
    // One voucher per reward, enforced by the database as well as by the guarded assignment.
    uniqueIndex('vouchers_reward').on(t.rewardId),
  ],
);

/** The secret token of an environment's inbound qualify URL (POST /hooks/{token}/qualify); only its hash is kept. */
export const inboundHooks = sqliteTable('inbound_hooks', {
  environmentId: text('environment_id').primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  tokenPrefix: text('token_prefix').notNull(),
  createdAt: text('created_at').notNull().default(now),
});

/** Stripe-style idempotency: the first response to a key is kept for 24 h and replayed. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    environmentId: text('environment_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: ['running', 'done'] }).notNull(),
    responseStatus: integer('response_status'),
    responseContentType: text('response_content_type'),
    responseBody: text('response_body'),
    createdAt: text('created_at').notNull(),
    /** The user ids the stored answer names (" usr_a usr_b "): erasing a user drops those answers. */
    subjects: text('subjects'),
  },
  (t) => [primaryKey({ columns: [t.environmentId, t.key] }), index('idempotency_keys_created').on(t.createdAt)],
);

/**
 * The transactional outbox and the event log in one: every state change inserts its event
 * here in the same D1 batch (worker/outbox/events.ts). `dispatched_at` stays null until
 * the event has been fanned out into webhook_deliveries.
 */
export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    environmentId: text('environment_id').notNull(),
    type: text('type').notNull(),
    /** The object after the change, as the API shows it. */
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: text('created_at').notNull(),
    dispatchedAt: text('dispatched_at'),
  },
  (t) => [
    index('events_environment_created').on(t.environmentId, t.createdAt),
    // Only events still waiting for fan-out (the sweep's oldest first): marking one dispatched
    // removes its entry instead of moving it.
    index('events_undispatched').on(t.createdAt).where(sql`${t.dispatchedAt} IS NULL`),
    index('events_created').on(t.createdAt),
  ],
);

export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    environmentId: text('environment_id')
      .notNull()
      .references(() => environments.id),
    url: text('url').notNull(),
    description: text('description'),
    /** Event types to send, or ['*'] for all. */
    events: text('events', { mode: 'json' }).$type<string[]>().notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    /** Why the endpoint was disabled: by an admin, by a 410, or by failing for days. */
    disabledReason: text('disabled_reason'),
    /** `whsec_<base64>`: kept in clear because every delivery is signed with it. */
    secret: text('secret').notNull(),
    /** After a rotation the old secret signs too (a second signature) until it expires. */
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: text('previous_secret_expires_at'),
    /** First failed attempt since the last success; null while healthy. */
    failingSince: text('failing_since'),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [index('webhook_endpoints_environment').on(t.environmentId, t.createdAt)],
);

/** One event to one endpoint: its attempts so far and when the next is due. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    environmentId: text('environment_id').notNull(),
    endpointId: text('endpoint_id').notNull(),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Epoch ms. While an attempt is in flight it holds the attempt's lease expiry. Null once settled. */
    nextAttemptAt: integer('next_attempt_at'),
    lastAttemptAt: integer('last_attempt_at'),
    lastStatusCode: integer('last_status_code'),
    /** The receiver's answer, truncated to 1 KB. */
    lastResponseBody: text('last_response_body'),
    /** timeout, connection error, redirect, endpoint disabled, … */
    lastError: text('last_error'),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event').on(t.endpointId, t.eventId),
    index('webhook_deliveries_endpoint_created').on(t.endpointId, t.createdAt),
    index('webhook_deliveries_due').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_created').on(t.createdAt),
    index('webhook_deliveries_event').on(t.eventId),
  ],
);

/** Dashboard sign-ins: only a SHA-256 of the cookie's token is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    adminId: text('admin_id')
      .notNull()
      .references(() => admins.id),
    workspaceId: text('workspace_id').notNull(),
    /** Synchronizer token: every write made with the session must echo it in `X-CSRF-Token`. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: text('created_at').notNull().default(now),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('sessions_admin').on(t.adminId), index('sessions_expires').on(t.expiresAt)],
);

/** One row, written in the same batch as the first admin: two racing first-run setups cannot both succeed. */
export const instanceSetup = sqliteTable('instance_setup', {
  id: text('id').primaryKey(),
  workspaceId: text('workspace_id').notNull(),
  createdAt: text('created_at').notNull().default(now),
});

/** Failed sign-ins per (email, IP), and per account, in a fixed window; a success clears the rows. */
export const loginAttempts = sqliteTable('login_attempts', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStart: text('window_start').notNull(),
  /** Per-account rows: no attempt is checked before this (epoch ms); the delay grows, capped. */
  notBefore: integer('not_before'),
});

export type Workspace = typeof workspaces.$inferSelect;
export type Environment = typeof environments.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type Campaign = typeof campaigns.$inferSelect;
export type User = typeof users.$inferSelect;
export type Referral = typeof referrals.$inferSelect;
export type Reward = typeof rewards.$inferSelect;
export type VoucherPool = typeof voucherPools.$inferSelect;
export type Voucher = typeof vouchers.$inferSelect;
export type Event = typeof events.$inferSelect;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type Session = typeof sessions.$inferSelect;

/**
 * One sale per order per environment, whichever campaign its code belongs to: the first sale of an
 * order claims it here (before its campaign object decides), a later sale of the same order in
 * another campaign is refused (409 order-already-recorded) and a refund finds the order's campaign.
 */
export const orderClaims = sqliteTable(
  'order_claims',
  {
    environmentId: text('environment_id')
      .notNull()
      .references(() => environments.id),
    orderId: text('order_id').notNull(),
    campaignId: text('campaign_id').notNull(),
    /** The sale's referrer: a refund is recorded against it even before the sale reaches D1. */
    referrerId: text('referrer_id').notNull(),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.environmentId, t.orderId] })],
);

export type OrderClaim = typeof orderClaims.$inferSelect;

/**
 * The append-only ledger (migration 0014, docs/ledger.md): every change to what a user is owed, written by
 * triggers on `rewards` in the same statement as the change, and by debits and payouts in their batch.
 * A balance is the sum of entries per kind and currency, in three buckets: pending, available, paid.
 */
export const ledgerEntries = sqliteTable(
  'ledger_entries',
  {
    id: text('id').primaryKey(),
    environmentId: text('environment_id').notNull(),
    userId: text('user_id').notNull(),
    campaignId: text('campaign_id'),
    rewardId: text('reward_id'),
    payoutId: text('payout_id'),
    /** The referral (sale, refund) that caused the entry. */
    referralId: text('referral_id'),
    type: text('type', { enum: ['earned', 'approved', 'paid', 'reversed', 'adjusted', 'spent'] }).notNull(),
    kind: text('kind', { enum: ['cash', 'credit', 'points'] }).notNull(),
    currency: text('currency'),
    pending: integer('pending').notNull().default(0),
    available: integer('available').notNull().default(0),
    paid: integer('paid').notNull().default(0),
    reason: text('reason'),
    /** A debit's reference (its idempotency), or a payout's rail reference. */
    reference: text('reference'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('ledger_entries_user').on(t.userId, t.createdAt),
    index('ledger_entries_environment').on(t.environmentId, t.createdAt),
    index('ledger_entries_reward').on(t.rewardId),
    uniqueIndex('ledger_entries_debit_reference')
      .on(t.environmentId, t.userId, t.reference)
      .where(sql`${t.type} = 'spent' AND ${t.reference} IS NOT NULL`),
  ],
);

/** A payout batch: lines of approved cash owed per user and currency (docs/payouts.md). */
export const payouts = sqliteTable(
  'payouts',
  {
    id: text('id').primaryKey(),
    environmentId: text('environment_id').notNull(),
    currency: text('currency'),
    minimum: integer('minimum').notNull().default(1),
    note: text('note'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('payouts_environment').on(t.environmentId, t.createdAt)],
);

export const payoutLines = sqliteTable(
  'payout_lines',
  {
    id: text('id').primaryKey(),
    payoutId: text('payout_id').notNull(),
    environmentId: text('environment_id').notNull(),
    userId: text('user_id').notNull(),
    currency: text('currency').notNull(),
    /** What this line pays: its rewards' worth plus `carried`. */
    amount: integer('amount').notNull(),
    /** Netted from the balance besides the rewards: negative after a refund after payout. */
    carried: integer('carried').notNull().default(0),
    status: text('status', { enum: ['pending', 'paid', 'failed'] }).notNull(),
    reference: text('reference'),
    failureReason: text('failure_reason'),
    paidAt: text('paid_at'),
    failedAt: text('failed_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('payout_lines_payout').on(t.payoutId),
    index('payout_lines_open').on(t.environmentId, t.userId, t.currency).where(sql`${t.status} = 'pending'`),
  ],
);

export type LedgerEntry = typeof ledgerEntries.$inferSelect;
export type Payout = typeof payouts.$inferSelect;
export type PayoutLine = typeof payoutLines.$inferSelect;

/**
 * A billing connector of an environment (docs/integrations.md): the hook URL's token (its hash finds
 * the row; sealed so the dashboard's sample can reach the real path) and the provider's signing
 * secret, both sealed with INTEGRATIONS_KEY (worker/services/integrations/connections.ts).
 */
export const integrations = sqliteTable(
  'integrations',
  {
    environmentId: text('environment_id')
      .notNull()
      .references(() => environments.id),
    provider: text('provider', { enum: ['stripe', 'shopify'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    tokenPrefix: text('token_prefix').notNull(),
    tokenSealed: text('token_sealed').notNull(),
    secretSealed: text('secret_sealed').notNull(),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.environmentId, t.provider] }), uniqueIndex('integrations_token').on(t.tokenHash)],
);

export type Integration = typeof integrations.$inferSelect;

/**
 * Every billing webhook received, with what it did. `external_id` (the provider's event id) makes a
 * replay a no-op; a rejected delivery has none (nothing in it is trusted). `waiting` events (a refund
 * or dispute before its sale) are applied when the sale's `payment_ref` arrives.
 */
export const billingEvents = sqliteTable(
  'billing_events',
  {
    id: text('id').primaryKey(),
    environmentId: text('environment_id').notNull(),
    provider: text('provider', { enum: ['stripe', 'shopify'] }).notNull(),
    externalId: text('external_id'),
    type: text('type').notNull(),
    outcome: text('outcome', { enum: ['matched', 'unmatched', 'ignored', 'rejected', 'waiting'] }).notNull(),
    reason: text('reason'),
    referralId: text('referral_id'),
    orderId: text('order_id'),
    paymentRef: text('payment_ref'),
    /** The mapped action of a waiting event, applied when its sale arrives. */
    action: text('action', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('billing_events_external').on(t.environmentId, t.provider, t.externalId),
    index('billing_events_created').on(t.environmentId, t.provider, t.createdAt),
    index('billing_events_waiting').on(t.environmentId, t.provider, t.paymentRef).where(sql`${t.outcome} = 'waiting'`),
  ],
);

export type BillingEvent = typeof billingEvents.$inferSelect;

/** Which referee a provider's customer is (Stripe: from the checkout session), for renewals. */
export const billingCustomers = sqliteTable(
  'billing_customers',
  {
    environmentId: text('environment_id').notNull(),
    provider: text('provider', { enum: ['stripe', 'shopify'] }).notNull(),
    customerId: text('customer_id').notNull(),
    refereeExternalId: text('referee_external_id').notNull(),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.environmentId, t.provider, t.customerId] })],
);

/** Which order a payment belongs to (payment intent, charge, invoice): how a refund or dispute finds its sale. */
export const billingPayments = sqliteTable(
  'billing_payments',
  {
    environmentId: text('environment_id').notNull(),
    provider: text('provider', { enum: ['stripe', 'shopify'] }).notNull(),
    paymentRef: text('payment_ref').notNull(),
    orderId: text('order_id').notNull(),
    /** Whether the sale was attributed to a referrer (a refund of an unattributed sale is ignored). */
    attributed: integer('attributed', { mode: 'boolean' }).notNull(),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.environmentId, t.provider, t.paymentRef] })],
);

/** Who changed what, when and from where (migration 0011; worker/services/audit/). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    environmentId: text('environment_id').notNull(),
    /** `campaign.updated`, `api_key.revoked`, `reward.paid`, … */
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    actorType: text('actor_type', { enum: ['api_key', 'admin', 'system'] }).notNull(),
    /** The key's or the admin's id. */
    actorId: text('actor_id').notNull(),
    /** The key's prefix (`rk_live_AbC1`) or the admin's email. */
    actor: text('actor').notNull(),
    before: text('before', { mode: 'json' }).$type<Record<string, unknown> | null>(),
    after: text('after', { mode: 'json' }).$type<Record<string, unknown> | null>(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('audit_log_environment_created').on(t.environmentId, t.createdAt), index('audit_log_target').on(t.targetId)],
);

export type AuditEntry = typeof auditLog.$inferSelect;
