import { client, unwrap } from './client';
import type { paths } from './schema';
import type { ApiEvent, AuditEntry, BillingEvent, Campaign, Leaderboard, PageMeta, Payout, Referral, ReviewItem, Reward, User, VoucherPool, WebhookDelivery } from './types';

/** Query parameters of a list call. The OpenAPI document names filter 0 only; the API takes 0, 1, 2… */
export type Query = Record<string, string>;

/** Filter, order and page a list the way every /v1 collection takes it. */
export function listQuery(o: { page?: number; perPage?: number; order?: string; dir?: 'asc' | 'desc'; filters?: [string, string, string][] }): Query {
  const q: Query = {};
  if (o.page !== undefined) q.page = String(o.page);
  if (o.perPage !== undefined) q.per_page = String(o.perPage);
  if (o.order) q['order[field]'] = o.order;
  if (o.dir) q['order[direction]'] = o.dir;
  (o.filters ?? []).forEach(([field, operator, value], i) => {
    q[`filters[${i}][field]`] = field;
    q[`filters[${i}][operator]`] = operator;
    q[`filters[${i}][value]`] = value;
  });
  return q;
}

/** A JSON request body of the generated document. */
type Body<P extends keyof paths, M extends 'post' | 'patch'> = paths[P] extends { [K in M]: { requestBody?: { content: { 'application/json': infer B } } } } ? B : never;

/** A list answer typed by its full item: the dashboard never asks for a subset of `fields`. */
type Page<T> = { data: T[]; meta: PageMeta };
const page = <T>(call: Promise<{ data: Partial<T>[]; meta: PageMeta }>) => call as Promise<Page<T>>;
const id = (value: string) => ({ path: { id: value } });
type Provider = 'stripe' | 'shopify';

/** Every call the dashboard makes, each a typed call of the generated client. */
export const api = {
  auth: {
    setupStatus: () => unwrap(client.GET('/v1/auth/setup')),
    setup: (body: Body<'/v1/auth/setup', 'post'>) => unwrap(client.POST('/v1/auth/setup', { body })),
    login: (body: { email: string; password: string }) => unwrap(client.POST('/v1/auth/login', { body })),
    session: () => unwrap(client.GET('/v1/auth/session')),
    logout: () => unwrap(client.POST('/v1/auth/logout')),
  },
  users: {
    list: (query: Query) => page<User>(unwrap(client.GET('/v1/users', { params: { query } }))),
    get: (userId: string) => unwrap(client.GET('/v1/users/{id}', { params: { ...id(userId), query: { with: 'referrer' } } })),
    create: (body: Body<'/v1/users', 'post'>) => unwrap(client.POST('/v1/users', { body })),
    remove: (userId: string) => unwrap(client.DELETE('/v1/users/{id}', { params: id(userId) })),
    export: (userId: string) => unwrap(client.GET('/v1/users/{id}/export', { params: id(userId) })),
    import: (rows: Record<string, string>[]) => unwrap(client.POST('/v1/users/import', { body: { rows } })),
  },
  referrals: {
    list: (query: Query) => page<Referral>(unwrap(client.GET('/v1/referrals', { params: { query } }))),
    create: (body: Body<'/v1/referrals', 'post'>) => unwrap(client.POST('/v1/referrals', { body })) as Promise<Referral>,
  },
  campaigns: {
    list: () => page<Campaign>(unwrap(client.GET('/v1/campaigns', { params: { query: { per_page: '250' } } }))),
    get: (campaignId: string) => unwrap(client.GET('/v1/campaigns/{id}', { params: id(campaignId) })),
    create: (body: Body<'/v1/campaigns', 'post'>) => unwrap(client.POST('/v1/campaigns', { body })),
    update: (campaignId: string, body: Body<'/v1/campaigns/{id}', 'patch'>) => unwrap(client.PATCH('/v1/campaigns/{id}', { params: id(campaignId), body })),
  },
  keys: {
    list: () => unwrap(client.GET('/v1/api-keys')),
    create: (body: Body<'/v1/api-keys', 'post'>) => unwrap(client.POST('/v1/api-keys', { body })),
    rotate: (keyId: string, grace: number) => unwrap(client.POST('/v1/api-keys/{id}/rotate', { params: id(keyId), body: { grace_period_seconds: grace } })),
    revoke: (keyId: string) => unwrap(client.DELETE('/v1/api-keys/{id}', { params: id(keyId) })),
  },
  rewards: {
    list: (query: Query) => page<Reward>(unwrap(client.GET('/v1/rewards', { params: { query } }))),
    create: (body: Body<'/v1/rewards', 'post'>) => unwrap(client.POST('/v1/rewards', { body })),
    approve: (rewardId: string) => unwrap(client.POST('/v1/rewards/{id}/approve', { params: id(rewardId), body: {} })),
    pay: (rewardId: string, payout_reference?: string) => unwrap(client.POST('/v1/rewards/{id}/pay', { params: id(rewardId), body: { payout_reference } })),
    cancel: (rewardId: string, reason?: string) => unwrap(client.POST('/v1/rewards/{id}/cancel', { params: id(rewardId), body: { reason } })),
    bulk: (body: Body<'/v1/rewards/bulk', 'post'>) => unwrap(client.POST('/v1/rewards/bulk', { body })),
    balance: (userId: string) => unwrap(client.GET('/v1/users/{id}/balance', { params: id(userId) })),
  },
  payouts: {
    owed: (page: number, perPage: number) => unwrap(client.GET('/v1/payouts/owed', { params: { query: { page, per_page: perPage } } })),
    list: (query: Query) => page<Payout>(unwrap(client.GET('/v1/payouts', { params: { query } }))),
    create: (body: Body<'/v1/payouts', 'post'>) => unwrap(client.POST('/v1/payouts', { body })),
    /** The file as text, to save: csv, paypal and wise are CSV, json is JSON. */
    export: (payoutId: string, format: 'paypal' | 'wise' | 'csv' | 'json', currency?: string) =>
      unwrap(client.GET('/v1/payouts/{id}/export', { params: { ...id(payoutId), query: { format, ...(currency ? { currency } : {}) } }, parseAs: 'text' })) as Promise<string>,
    paid: (payoutId: string, reference?: string) => unwrap(client.POST('/v1/payouts/{id}/paid', { params: id(payoutId), body: reference ? { reference } : {} })),
    failed: (payoutId: string, reason?: string) => unwrap(client.POST('/v1/payouts/{id}/failed', { params: id(payoutId), body: reason ? { reason } : {} })),
  },
  review: {
    list: (query: Query) => page<ReviewItem>(unwrap(client.GET('/v1/review-queue', { params: { query } }))),
    resolve: (rewardId: string, outcome: 'accept' | 'waive') => unwrap(client.POST('/v1/rewards/{id}/review', { params: id(rewardId), body: { outcome } })),
  },
  pools: {
    list: () => page<VoucherPool>(unwrap(client.GET('/v1/voucher-pools', { params: { query: { per_page: '250' } } }))),
    create: (body: Body<'/v1/voucher-pools', 'post'>) => unwrap(client.POST('/v1/voucher-pools', { body })),
    uploadCsv: (poolId: string, csv: string) =>
      unwrap(
        client.POST('/v1/voucher-pools/{id}/vouchers', {
          params: id(poolId),
          body: csv,
          headers: { 'content-type': 'text/csv' },
          bodySerializer: (text) => text,
        }),
      ),
  },
  leaderboard: (campaignId: string, by: Leaderboard['by']) =>
    unwrap(client.GET('/v1/campaigns/{id}/leaderboard', { params: { ...id(campaignId), query: { by } } })),
  webhooks: {
    list: () => unwrap(client.GET('/v1/webhook-endpoints')),
    get: (endpointId: string) => unwrap(client.GET('/v1/webhook-endpoints/{id}', { params: id(endpointId) })),
    create: (body: Body<'/v1/webhook-endpoints', 'post'>) => unwrap(client.POST('/v1/webhook-endpoints', { body })),
    update: (endpointId: string, body: Body<'/v1/webhook-endpoints/{id}', 'patch'>) =>
      unwrap(client.PATCH('/v1/webhook-endpoints/{id}', { params: id(endpointId), body })),
    remove: (endpointId: string) => unwrap(client.DELETE('/v1/webhook-endpoints/{id}', { params: id(endpointId) })),
    rotate: (endpointId: string, grace: number) =>
      unwrap(client.POST('/v1/webhook-endpoints/{id}/rotate-secret', { params: id(endpointId), body: { grace_period_seconds: grace } })),
    test: (endpointId: string) => unwrap(client.POST('/v1/webhook-endpoints/{id}/test', { params: id(endpointId) })),
    deliveries: (endpointId: string, query: Query) =>
      page<WebhookDelivery>(unwrap(client.GET('/v1/webhook-endpoints/{id}/deliveries', { params: { ...id(endpointId), query } }))),
    retry: (deliveryId: string) => unwrap(client.POST('/v1/webhook-deliveries/{id}/retry', { params: id(deliveryId) })),
  },
  events: {
    list: (query: Query) => page<ApiEvent>(unwrap(client.GET('/v1/events', { params: { query } }))),
  },
  environment: {
    get: () => unwrap(client.GET('/v1/environment')),
    setAllowedOrigins: (allowed_origins: string[]) => unwrap(client.PATCH('/v1/environment', { body: { allowed_origins } })),
    rotateWidgetSecret: () => unwrap(client.POST('/v1/environment/widget-secret')),
  },
  auditLog: {
    list: (query: Query) => page<AuditEntry>(unwrap(client.GET('/v1/audit-log', { params: { query } }))),
  },
  inboundHook: {
    get: () => unwrap(client.GET('/v1/inbound-hook')),
    rotate: () => unwrap(client.POST('/v1/inbound-hook/rotate')),
  },
  integrations: {
    list: () => unwrap(client.GET('/v1/integrations')),
    connect: (provider: Provider, secret: string) => unwrap(client.PUT('/v1/integrations/{provider}', { params: { path: { provider } }, body: { secret } })),
    events: (provider: Provider, query: Query) => page<BillingEvent>(unwrap(client.GET('/v1/integrations/{provider}/events', { params: { path: { provider }, query } }))),
    sample: (provider: Provider) => unwrap(client.POST('/v1/integrations/{provider}/sample', { params: { path: { provider } }, body: {} })),
  },
  stats: {
    get: async (query: { from: string; to: string; campaign_id?: string }) => unwrap(client.GET('/v1/stats', { params: { query } })),
  },
};
