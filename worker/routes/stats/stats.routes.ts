import { scoped } from '../../lib/auth';
import { createRoute } from '@hono/zod-openapi';
import { errorResponses, jsonContent } from '../../lib/openapi';
import { StatsQuerySchema, StatsSchema } from './stats.schemas';

export const getStatsRoute = createRoute({
  method: 'get',
  path: '/v1/stats',
  ...scoped('read'),
  operationId: 'getStats',
  tags: ['Share links'],
  summary: 'Visits, signups, sales, revenue and rewards per day',
  description:
    "The Overview's summary per UTC day over a date range, for the environment, one campaign or one referrer: visits, unique visits, referred signups and sales, revenue net of refunds and rewards issued (count and cash/credit value) per currency. Every day in the range is listed; `totals` adds them up.",
  request: { query: StatsQuerySchema },
  responses: { 200: jsonContent(StatsSchema, 'The summary per day.'), ...errorResponses(400, 401, 403, 404) },
});
