/**
 * Types of the API's requests and answers, read from the worker's own zod schemas
 * (type-only imports: nothing of the worker reaches the bundle).
 */
import type { z } from 'zod';
import type { ApiKeySchema, CreatedApiKeySchema, RotatedApiKeySchema } from '../../../worker/routes/api-keys/api-keys.schemas';
import type { SessionSchema } from '../../../worker/routes/auth/auth.schemas';
import type { CampaignSchema, CreateCampaignSchema } from '../../../worker/routes/campaigns/campaigns.schemas';
import type { CreateReferralSchema, ReferralSchema } from '../../../worker/routes/referrals/referrals.schemas';
import type { RewardSchema } from '../../../worker/routes/rewards/rewards.schemas';
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
export type ApiKey = z.output<typeof ApiKeySchema>;
export type CreatedApiKey = z.output<typeof CreatedApiKeySchema>;
export type RotatedApiKey = z.output<typeof RotatedApiKeySchema>;
export type Session = z.output<typeof SessionSchema>;
export type Stats = z.output<typeof StatsSchema>;
export type Problem = z.output<typeof ProblemSchema>;
