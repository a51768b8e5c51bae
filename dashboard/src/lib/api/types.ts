/** The API's request and answer types, by schema name, from the generated OpenAPI types. */
import type { components } from './schema';

type S = components['schemas'];

export type User = S['User'];
export type UserPage = S['UserPage'];
export type CreateUser = S['CreateUser'];
export type UserImport = S['UserImport'];
export type Campaign = S['Campaign'];
export type CampaignInput = S['CreateCampaign'];
export type Rule = S['Rule'];
export type RewardSpec = S['RewardSpec'];
/** The document marks the schema nullable because one field embeds it as `null`-able. */
export type Referral = NonNullable<S['Referral']>;
export type CreateReferral = S['CreateReferral'];
export type Reward = S['Reward'];
export type CreateReward = S['CreateReward'];
export type BulkRewards = S['BulkRewards'];
export type BulkResult = S['BulkResult'];
export type Balance = S['Balance'];
export type Leaderboard = S['Leaderboard'];
export type VoucherPool = S['VoucherPool'];
export type CreatePool = S['CreateVoucherPool'];
export type VoucherUpload = S['VoucherUpload'];
export type WebhookEndpoint = S['WebhookEndpoint'];
export type WebhookEndpointWithSecret = S['WebhookEndpointWithSecret'];
export type CreateWebhookEndpoint = S['CreateWebhookEndpoint'];
export type UpdateWebhookEndpoint = S['UpdateWebhookEndpoint'];
export type WebhookDelivery = S['WebhookDelivery'];
export type Integration = S['Integration'];
/** Listed items are partial in the document (`fields=`); the dashboard always asks for all of them. */
export type BillingEvent = Required<S['BillingEventPage']['data'][number]>;
export type EventPage = S['EventPage'];
export type ApiEvent = S['Event'];
export type InboundHook = S['InboundHook'];
export type ApiKey = S['ApiKey'];
export type CreatedApiKey = S['CreatedApiKey'];
export type RotatedApiKey = S['RotatedApiKey'];
export type Session = S['Session'];
export type Problem = S['Problem'];
export type PageMeta = S['Page']['meta'];
export type EventType = S['Event']['type'];

/** A list answer. Without `fields`, every item carries all of its fields. */
export interface Page<T> {
  data: T[];
  meta: PageMeta;
}

/** GET /v1/stats: per UTC day and in total, visits, signups, sales, revenue and rewards (money per currency, minor units). */
export type StatsSummary = S['Stats'];
export type StatsDay = StatsSummary['data'][number];
export type AuditEntry = S['AuditEntry'];
