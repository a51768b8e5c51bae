import type {
  ApiKey,
  Balance,
  BulkResult,
  BulkRewards,
  Campaign,
  CampaignInput,
  CreatedApiKey,
  CreatePool,
  CreateReferral,
  CreateReward,
  CreateUser,
  CreateWebhookEndpoint,
  EventPage,
  InboundHook,
  Leaderboard,
  Problem,
  Referral,
  Reward,
  RotatedApiKey,
  Session,
  Stats,
  UpdateWebhookEndpoint,
  User,
  UserImport,
  UserPage,
  VoucherPool,
  VoucherUpload,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from './api-types';

export type Mode = 'test' | 'live';

/** A failed call: the API's problem document, with its field errors by field name. */
export class ApiError extends Error {
  readonly fields: Record<string, string>;
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `Request failed (${status})`);
    this.fields = Object.fromEntries((problem?.errors ?? []).map((e) => [e.field, e.message]));
  }
}

interface Page<T> {
  data: T[];
  meta: UserPage['meta'];
}

/** The session's CSRF token and chosen environment ride on every call. */
const state: { csrf: string; mode: Mode } = { csrf: '', mode: 'test' };
export const setCsrf = (token: string) => {
  state.csrf = token;
};
export const setMode = (mode: Mode) => {
  state.mode = mode;
};

export type Query = Record<string, string | number | undefined>;

/** Fired when a call made with a session answers 401: the session expired or was ended elsewhere. */
export const SIGNED_OUT_EVENT = 'referrio:signed-out';

/** A body sent as it is (the voucher upload's CSV) rather than as JSON. */
export class RawBody {
  constructor(
    readonly text: string,
    readonly type: string,
  ) {}
}

async function call<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const qs = query ? new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]]))).toString() : '';
  const headers: Record<string, string> = { 'x-referrio-environment': state.mode };
  if (method !== 'GET') headers['x-csrf-token'] = state.csrf;
  if (body !== undefined) headers['content-type'] = body instanceof RawBody ? body.type : 'application/json';
  const res = await fetch(`${path}${qs ? `?${qs}` : ''}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : body instanceof RawBody ? body.text : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const json = await res.json().catch(() => null);
  if (res.status === 401 && state.csrf && !path.startsWith('/v1/auth/')) window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
  if (!res.ok) throw new ApiError(res.status, json as Problem | null);
  return json as T;
}

/** Filter, order and page a list the way every /v1 collection takes it. */
export function listQuery(o: { page?: number; perPage?: number; order?: string; dir?: 'asc' | 'desc'; filters?: [string, string, string][] }): Query {
  const q: Query = { page: o.page, per_page: o.perPage, 'order[field]': o.order, 'order[direction]': o.dir };
  (o.filters ?? []).forEach(([field, operator, value], i) => {
    q[`filters[${i}][field]`] = field;
    q[`filters[${i}][operator]`] = operator;
    q[`filters[${i}][value]`] = value;
  });
  return q;
}

const rewardPath = (id: string) => `/v1/rewards/${encodeURIComponent(id)}`;
const webhookPath = (id: string) => `/v1/webhook-endpoints/${encodeURIComponent(id)}`;

export const api = {
  auth: {
    setupStatus: () => call<{ setup_required: boolean }>('GET', '/v1/auth/setup'),
    setup: (body: { workspace_name: string; email: string; password: string }) => call<Session>('POST', '/v1/auth/setup', body),
    login: (body: { email: string; password: string }) => call<Session>('POST', '/v1/auth/login', body),
    session: () => call<Session>('GET', '/v1/auth/session'),
    logout: () => call<void>('POST', '/v1/auth/logout'),
  },
  users: {
    list: (q: Query) => call<Page<User>>('GET', '/v1/users', undefined, q),
    get: (id: string) => call<User>('GET', `/v1/users/${encodeURIComponent(id)}`, undefined, { with: 'referrer' }),
    create: (body: CreateUser) => call<User>('POST', '/v1/users', body),
    remove: (id: string) => call<void>('DELETE', `/v1/users/${encodeURIComponent(id)}`),
    import: (rows: Record<string, string>[]) => call<UserImport>('POST', '/v1/users/import', { rows }),
  },
  referrals: {
    list: (q: Query) => call<Page<Referral>>('GET', '/v1/referrals', undefined, q),
    create: (body: CreateReferral) => call<Referral>('POST', '/v1/referrals', body),
  },
  campaigns: {
    list: () => call<Page<Campaign>>('GET', '/v1/campaigns', undefined, { per_page: 250 }),
    get: (id: string) => call<Campaign>('GET', `/v1/campaigns/${encodeURIComponent(id)}`),
    create: (body: CampaignInput) => call<Campaign>('POST', '/v1/campaigns', body),
    update: (id: string, body: Partial<CampaignInput>) => call<Campaign>('PATCH', `/v1/campaigns/${encodeURIComponent(id)}`, body),
  },
  keys: {
    list: () => call<{ data: ApiKey[] }>('GET', '/v1/api-keys'),
    create: (body: { name: string; role?: 'admin' | 'standard' }) => call<CreatedApiKey>('POST', '/v1/api-keys', body),
    rotate: (id: string, grace: number) => call<RotatedApiKey>('POST', `/v1/api-keys/${encodeURIComponent(id)}/rotate`, { grace_period_seconds: grace }),
    revoke: (id: string) => call<ApiKey>('DELETE', `/v1/api-keys/${encodeURIComponent(id)}`),
  },
  rewards: {
    list: (q: Query) => call<Page<Reward>>('GET', '/v1/rewards', undefined, q),
    create: (body: CreateReward) => call<Reward>('POST', '/v1/rewards', body),
    approve: (id: string) => call<Reward>('POST', `${rewardPath(id)}/approve`, {}),
    pay: (id: string, payout_reference?: string) => call<Reward>('POST', `${rewardPath(id)}/pay`, { payout_reference }),
    cancel: (id: string, reason?: string) => call<Reward>('POST', `${rewardPath(id)}/cancel`, { reason }),
    bulk: (body: BulkRewards) => call<BulkResult>('POST', '/v1/rewards/bulk', body),
    balance: (userId: string) => call<Balance>('GET', `/v1/users/${encodeURIComponent(userId)}/balance`),
  },
  pools: {
    list: () => call<Page<VoucherPool>>('GET', '/v1/voucher-pools', undefined, { per_page: 250 }),
    create: (body: CreatePool) => call<VoucherPool>('POST', '/v1/voucher-pools', body),
    uploadCsv: (id: string, csv: string) => call<VoucherUpload>('POST', `/v1/voucher-pools/${encodeURIComponent(id)}/vouchers`, new RawBody(csv, 'text/csv')),
  },
  leaderboard: (campaignId: string, by: Leaderboard['by']) => call<Leaderboard>('GET', `/v1/campaigns/${encodeURIComponent(campaignId)}/leaderboard`, undefined, { by }),
  webhooks: {
    list: () => call<{ data: WebhookEndpoint[] }>('GET', '/v1/webhook-endpoints'),
    get: (id: string) => call<WebhookEndpoint>('GET', webhookPath(id)),
    create: (body: CreateWebhookEndpoint) => call<WebhookEndpointWithSecret>('POST', '/v1/webhook-endpoints', body),
    update: (id: string, body: UpdateWebhookEndpoint) => call<WebhookEndpoint>('PATCH', webhookPath(id), body),
    remove: (id: string) => call<void>('DELETE', webhookPath(id)),
    rotate: (id: string, grace: number) => call<WebhookEndpointWithSecret>('POST', `${webhookPath(id)}/rotate-secret`, { grace_period_seconds: grace }),
    test: (id: string) => call<WebhookDelivery>('POST', `${webhookPath(id)}/test`),
    deliveries: (id: string, q: Query) => call<Page<WebhookDelivery>>('GET', `${webhookPath(id)}/deliveries`, undefined, q),
    retry: (deliveryId: string) => call<WebhookDelivery>('POST', `/v1/webhook-deliveries/${encodeURIComponent(deliveryId)}/retry`),
  },
  events: {
    list: (q: Query) => call<EventPage>('GET', '/v1/events', undefined, q),
  },
  inboundHook: {
    get: () => call<InboundHook>('GET', '/v1/inbound-hook'),
    rotate: () => call<InboundHook>('POST', '/v1/inbound-hook/rotate'),
  },
  stats: {
    get: (q: { from: string; to: string; campaign_id?: string }) => call<Stats>('GET', '/v1/stats', undefined, q),
  },
};
