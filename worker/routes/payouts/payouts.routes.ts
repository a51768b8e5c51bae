import { scoped } from '../../lib/auth';
import { createRoute } from '@hono/zod-openapi';
import { errorResponses, IdParams, jsonBody, jsonContent, ListQuerySchema } from '../../lib/openapi';
import { OwedPageSchema, OwedQuerySchema, CreatePayoutSchema, ExportQuerySchema, PayoutLinePageSchema, PayoutPageSchema, PayoutSchema, SettlePayoutSchema } from './payouts.schemas';

const tags = ['Payouts'];

export const createPayoutRoute = createRoute({
  method: 'post',
  path: '/v1/payouts',
  tags,
  ...scoped('rewards:write'),
  summary: 'Gather approved cash owed into a payout batch',
  description:
    'One line per user and currency owed at least the minimum: approved, unflagged cash rewards after any hold, netted with what the ledger carries (a refund after payout). Users with a line open in another batch wait. Emits `payout.created`. 422 nothing-to-pay when no line qualifies.',
  request: { body: jsonBody(CreatePayoutSchema) },
  responses: { 201: jsonContent(PayoutSchema, 'The batch.'), ...errorResponses(400, 401, 413, 415, 422) },
});

export const listPayoutsRoute = createRoute({
  method: 'get',
  path: '/v1/payouts',
  tags,
  ...scoped('read'),
  summary: 'List payout batches',
  request: { query: ListQuerySchema },
  responses: { 200: jsonContent(PayoutPageSchema, 'A page of batches.'), ...errorResponses(400, 401) },
});

export const getPayoutRoute = createRoute({
  method: 'get',
  path: '/v1/payouts/{id}',
  tags,
  ...scoped('read'),
  summary: 'Get a payout batch',
  request: { params: IdParams },
  responses: { 200: jsonContent(PayoutSchema, 'The batch.'), ...errorResponses(401, 404) },
});

export const listPayoutLinesRoute = createRoute({
  method: 'get',
  path: '/v1/payouts/{id}/lines',
  tags,
  ...scoped('read'),
  summary: "A batch's lines",
  request: { params: IdParams, query: ListQuerySchema },
  responses: { 200: jsonContent(PayoutLinePageSchema, 'A page of lines.'), ...errorResponses(400, 401, 404) },
});

export const exportPayoutRoute = createRoute({
  method: 'get',
  path: '/v1/payouts/{id}/export',
  tags,
  ...scoped('read'),
  summary: 'Download a batch for a payout rail',
  description: 'PayPal Payouts CSV and Wise batch CSV carry the open lines; csv and json carry every line (docs/payouts.md).',
  request: { params: IdParams, query: ExportQuerySchema },
  responses: {
    200: { description: 'The file.', content: { 'text/csv': { schema: { type: 'string' as const } }, 'application/json': { schema: { type: 'object' as const } } } },
    ...errorResponses(400, 401, 404, 422),
  },
});

export const markPayoutPaidRoute = createRoute({
  method: 'post',
  path: '/v1/payouts/{id}/paid',
  tags,
  ...scoped('rewards:write'),
  summary: 'Mark a batch (or some lines) paid',
  description: "With the rail's reference. Its reserved rewards become paid; emits `payout.paid` and `reward.paid`. 409 when no line given is open.",
  request: { params: IdParams, body: { ...jsonBody(SettlePayoutSchema), required: false } },
  responses: { 200: jsonContent(PayoutSchema, 'The batch.'), ...errorResponses(400, 401, 404, 409, 415) },
});

export const markPayoutFailedRoute = createRoute({
  method: 'post',
  path: '/v1/payouts/{id}/failed',
  tags,
  ...scoped('rewards:write'),
  summary: 'Mark a batch (or some lines) failed',
  description: 'The rewards go back to owed (approved, out of the batch). Emits `payout.failed`.',
  request: { params: IdParams, body: { ...jsonBody(SettlePayoutSchema), required: false } },
  responses: { 200: jsonContent(PayoutSchema, 'The batch.'), ...errorResponses(400, 401, 404, 409, 415) },
});

export const owedRoute = createRoute({
  method: 'get',
  path: '/v1/payouts/owed',
  tags,
  ...scoped('read'),
  summary: 'Who is owed cash',
  description: `Per user and currency, largest first, paged like every list (page, per_page up to 250): payable now (what a batch would pay before its minimum), carried (negative: owed back), waiting (flagged or in an open batch), pending (held or awaiting approval).`,
  request: { query: OwedQuerySchema },
  responses: { 200: jsonContent(OwedPageSchema, 'Who is owed.'), ...errorResponses(400, 401) },
});
