import { scoped } from '../../lib/auth';
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, IdParams, jsonContent } from '../../lib/openapi';
import { BalanceSchema } from '../rewards/rewards.schemas';

export const userBalanceRoute = createRoute({
  method: 'get',
  path: '/v1/users/{id}/balance',
  ...scoped('read'),
  tags: ['Rewards'],
  summary: "A user's reward balance",
  description: 'Per currency: earned, pending, approved, paid (and cancelled); credit and points balances.',
  request: { params: IdParams.extend({ id: z.string().min(1).max(255).openapi({ param: { name: 'id', in: 'path' }, description: 'The user id (usr_…) or your external_id.' }) }) },
  responses: { 200: jsonContent(BalanceSchema, 'The balance.'), ...errorResponses(401, 403, 404) },
});
