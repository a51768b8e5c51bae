import { scoped } from '../../lib/auth';
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env';
import { notFound } from '../../lib/errors';
import { serviceContext } from '../../lib/service-context';
import { findReward } from '../../services/rewards/rewards';
import { errorResponses, IdParams, jsonBody, jsonContent, ListQuerySchema } from '../../lib/openapi';
import { RewardSchema } from '../rewards/rewards.schemas';
import { PageSchema } from '../../lib/openapi';

const tags = ['Rewards'];
const ReviewItemSchema = RewardSchema.extend({
  review_reason: z.enum(['refunded_after_payout', 'flagged', 'awaiting_approval']).nullable().openapi({ description: 'Why it waits for a human.' }),
}).openapi('ReviewItem');

export const listReviewQueueRoute = createRoute({
  method: 'get',
  path: '/v1/review-queue',
  tags,
  ...scoped('read'),
  summary: 'Rewards that need a human',
  description: 'Flagged after a refund after payout, flagged by a dispute, or waiting for manual approval; the rewards list manners apply (filter by `status`, `campaign_id`, `user_id`, …). Outcomes: approve, cancel, or POST /v1/rewards/{id}/review.',
  request: { query: ListQuerySchema },
  responses: { 200: jsonContent(PageSchema.extend({ data: z.array(ReviewItemSchema.partial()) }).openapi('ReviewQueuePage'), 'A page of the queue.'), ...errorResponses(400, 401) },
});

const reviewScope = scoped('rewards:write');

/** An unknown reward is a 404 whatever the body (the lookup runs before validation, as on every {id} route). */
const knownReward: MiddlewareHandler<AppEnv> = async (c, next) => {
  const ctx = serviceContext(c);
  const id = c.req.param('id') ?? '';
  if (!(await findReward(ctx.db, ctx.caller.environmentId, id))) throw notFound('reward', id);
  await next();
};

export const resolveReviewRoute = createRoute({
  method: 'post',
  path: '/v1/rewards/{id}/review',
  tags,
  ...reviewScope,
  middleware: [...reviewScope.middleware, knownReward],
  summary: "Resolve a flagged reward's review",
  description: '`accept`: the reversal stands (owed back, netted off by the next payout). `waive`: a paid reward keeps what was paid (an `adjusted` entry). Both clear the flag.',
  request: { params: IdParams, body: jsonBody(z.strictObject({ outcome: z.enum(['accept', 'waive']) }).openapi('ResolveReview')) },
  responses: { 200: jsonContent(ReviewItemSchema, 'Resolved.'), ...errorResponses(400, 401, 404, 409, 415) },
});
