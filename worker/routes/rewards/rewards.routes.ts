import { scoped } from '../../lib/auth';
import { createRoute } from '@hono/zod-openapi';
import { errorResponses, IdParams, jsonBody, jsonContent, ListQuerySchema } from '../../lib/openapi';
import { ApproveRewardSchema, BulkResultSchema, BulkRewardsSchema, CancelRewardSchema, CreateRewardSchema, PayRewardSchema, RewardPageSchema, RewardSchema } from './rewards.schemas';

const tags = ['Rewards'];

export const listRewardsRoute = createRoute({
  method: 'get',
  path: '/v1/rewards',
  ...scoped('read'),
  tags,
  summary: 'List rewards with their payout status',
  description: 'Filter by `status`, `type`, `recipient`, `user_id`, `campaign_id`, `created_at` (gte/lte), … with the usual list manners.',
  request: { query: ListQuerySchema },
  responses: { 200: jsonContent(RewardPageSchema, 'A page of rewards.'), ...errorResponses(400, 401, 403) },
});

export const getRewardRoute = createRoute({
  method: 'get',
  path: '/v1/rewards/{id}',
  ...scoped('read'),
  tags,
  summary: 'Get a reward',
  request: { params: IdParams },
  responses: { 200: jsonContent(RewardSchema, 'The reward.'), ...errorResponses(401, 403, 404) },
});

export const createRewardRoute = createRoute({
  method: 'post',
  path: '/v1/rewards',
  ...scoped('rewards:write'),
  tags,
  summary: 'Issue a reward by hand',
  description: 'Cash, credit, points, or a voucher drawn from a pool, to a referrer or a referee, with a note. Same ledger as automatic rewards; outside the campaign budget.',
  request: { body: jsonBody(CreateRewardSchema) },
  responses: { 201: jsonContent(RewardSchema, 'Issued.'), ...errorResponses(400, 401, 403, 413, 415, 422) },
});

const optionalBody = <T extends Parameters<typeof jsonBody>[0]>(schema: T) => ({ ...jsonBody(schema), required: false });
const conflict = 'Illegal transition: the problem names the current state in `errors[0].message`.';

export const approveRewardRoute = createRoute({
  method: 'post',
  path: '/v1/rewards/{id}/approve',
  ...scoped('rewards:write'),
  tags,
  summary: 'Approve a pending reward',
  request: { params: IdParams, body: optionalBody(ApproveRewardSchema) },
  responses: { 200: jsonContent(RewardSchema, 'Approved.'), ...errorResponses(400, 401, 403, 404, 415), 409: { ...errorResponses(403, 409)[409], description: conflict } },
});

export const payRewardRoute = createRoute({
  method: 'post',
  path: '/v1/rewards/{id}/pay',
  ...scoped('rewards:write'),
  tags,
  summary: 'Mark an approved reward paid',
  request: { params: IdParams, body: optionalBody(PayRewardSchema) },
  responses: { 200: jsonContent(RewardSchema, 'Paid.'), ...errorResponses(400, 401, 403, 404, 415), 409: { ...errorResponses(403, 409)[409], description: conflict } },
});

export const cancelRewardRoute = createRoute({
  method: 'post',
  path: '/v1/rewards/{id}/cancel',
  ...scoped('rewards:write'),
  tags,
  summary: 'Cancel an unpaid reward',
  description: "A cancelled cash or credit reward gives what it took from the campaign's budget back.",
  request: { params: IdParams, body: optionalBody(CancelRewardSchema) },
  responses: { 200: jsonContent(RewardSchema, 'Cancelled.'), ...errorResponses(400, 401, 403, 404, 415), 409: { ...errorResponses(403, 409)[409], description: conflict } },
});

export const bulkRewardsRoute = createRoute({
  method: 'post',
  path: '/v1/rewards/bulk',
  ...scoped('rewards:write'),
  tags,
  summary: 'Approve, pay or cancel up to 500 rewards',
  description: 'Each id is reported with what happened to it; ids that cannot make the transition are left as they are.',
  request: { body: jsonBody(BulkRewardsSchema) },
  responses: { 200: jsonContent(BulkResultSchema, 'Per-id outcomes.'), ...errorResponses(400, 401, 403, 413, 415) },
});
