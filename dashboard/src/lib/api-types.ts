/**
 * Types of the API's requests and answers, read from the worker's own zod schemas
 * (type-only imports: nothing of the worker reaches the bundle).
 */
import type { z } from 'zod';
import type { ApiKeySchema, CreatedApiKeySchema, RotatedApiKeySchema } from '../../../worker/routes/api-keys/api-keys.schemas';
import type { SessionSchema } from '../../../worker/routes/auth/auth.schemas';
import type { CampaignSchema, CreateCampaignSchema } from '../../../worker/routes/campaigns/campaigns.schemas';
import type { CreateReferralSchema, ReferralSchema } from '../../../worker/routes/referrals/referrals.schemas';
import type { BalanceSchema, BulkResultSchema, BulkRewardsSchema, CreateRewardSchema, RewardSchema } from '../../../worker/routes/rewards/rewards.schemas';
import type { LeaderboardSchema } from '../../../worker/routes/leaderboard/leaderboard.routes';
import type { CreatePoolSchema, PoolSchema, UploadResultSchema } from '../../../worker/routes/voucher-pools/voucher-pools.schemas';
import type {
  CreateWebhookEndpointSchema,
  UpdateWebhookEndpointSchema,
  WebhookDeliverySchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
} from '../../../worker/routes/webhook-endpoints/webhook-endpoints.schemas';
import type { EventType } from '../../../worker/domain/event-types';
import type { EventPageSchema } from '../../../worker/routes/events/events.schemas';
import type { InboundHookSchema } from '../../../worker/routes/inbound-qualify-settings/inbound-qualify-settings.schemas';
import type { StatsSchema } from '../../../worker/routes/stats/stats.schemas';
import type { CreateUserSchema, UserImportSchema, UserPageSchema, UserSchema } from '../../../worker/routes/users/users.schemas';
import type { RewardSpecSchema, RuleSchema } from '../../../worker/domain/rules/schema';
import type { ProblemSchema } from '../../../worker/lib/openapi';

export type User = z.output<typeof UserSchema>;
export type UserPage = z.output<typeof UserPageSchema>;
export type CreateUser = z.input<typeof CreateUserSchema>;
export type UserImport = z.output<typeof UserImportSchema>;
export type Campaign = z.output<typeof CampaignSchema>;
export type CampaignInput = z.input<typeof CreateCampaignSchema>;
export type Rule = z.input<typeof RuleSchema>;
export type RewardSpec = z.input<typeof RewardSpecSchema>;
export type Referral = z.output<typeof ReferralSchema>;
export type CreateReferral = z.input<typeof CreateReferralSchema>;
export type Reward = z.output<typeof RewardSchema>;
export type CreateReward = z.input<typeof CreateRewardSchema>;
export type BulkRewards = z.input<typeof BulkRewardsSchema>;
export type BulkResult = z.output<typeof BulkResultSchema>;
export type Balance = z.output<typeof BalanceSchema>;
export type Leaderboard = z.output<typeof LeaderboardSchema>;
export type VoucherPool = z.output<typeof PoolSchema>;
export type CreatePool = z.input<typeof CreatePoolSchema>;
export type VoucherUpload = z.output<typeof UploadResultSchema>;
export type WebhookEndpoint = z.output<typeof WebhookEndpointSchema>;
export type WebhookEndpointWithSecret = z.output<typeof WebhookEndpointWithSecretSchema>;
export type CreateWebhookEndpoint = z.input<typeof CreateWebhookEndpointSchema>;
export type UpdateWebhookEndpoint = z.input<typeof UpdateWebhookEndpointSchema>;
export type WebhookDelivery = z.output<typeof WebhookDeliverySchema>;
export type { EventType };
export type EventPage = z.output<typeof EventPageSchema>;
export type InboundHook = z.output<typeof InboundHookSchema>;
export type ApiKey = z.output<typeof ApiKeySchema>;
export type CreatedApiKey = z.output<typeof CreatedApiKeySchema>;
export type RotatedApiKey = z.output<typeof RotatedApiKeySchema>;
export type Session = z.output<typeof SessionSchema>;
export type Stats = z.output<typeof StatsSchema>;
export type Problem = z.output<typeof ProblemSchema>;
