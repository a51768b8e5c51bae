import { scoped } from '../../lib/auth';
import { createRoute } from '@hono/zod-openapi';
import { errorResponses, IdParams, jsonBody, jsonContent, ListQuerySchema } from '../../lib/openapi';
import { CreateReferralSchema, ReferralPageSchema, ReferralSchema } from './referrals.schemas';

const tags = ['Referrals'];

export const createReferralRoute = createRoute({
  method: 'post',
  path: '/v1/referrals',
  ...scoped('referrals:write'),
  tags,
  summary: 'Log a signup, sale, refund or custom event',
  description:
    "The referrer's campaign evaluates the event against its rules and returns the rewards it made, or in `reasons` why none. The same order (or the same referee's signup) is evaluated once: a repeat answers 200 with the first result.",
  request: { body: jsonBody(CreateReferralSchema) },
  responses: {
    201: jsonContent(ReferralSchema, 'Recorded and evaluated.'),
    200: jsonContent(ReferralSchema, 'Already recorded: the original event and its rewards.'),
    ...errorResponses(400, 401, 403, 409, 413, 415, 422),
  },
});

export const listReferralsRoute = createRoute({
  method: 'get',
  path: '/v1/referrals',
  ...scoped('read'),
  tags,
  summary: 'List referral events',
  request: { query: ListQuerySchema },
  responses: { 200: jsonContent(ReferralPageSchema, 'A page of events.'), ...errorResponses(400, 401, 403) },
});

export const getReferralRoute = createRoute({
  method: 'get',
  path: '/v1/referrals/{id}',
  ...scoped('read'),
  tags,
  summary: 'Get a referral event with its rewards',
  request: { params: IdParams },
  responses: { 200: jsonContent(ReferralSchema, 'The event.'), ...errorResponses(401, 403, 404) },
});
