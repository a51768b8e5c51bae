import { createRoute } from '@hono/zod-openapi';
import { errorResponses, jsonContent } from '../../lib/openapi';
import { StatsQuerySchema, StatsSchema } from './stats.schemas';

export const getStatsRoute = createRoute({
  method: 'get',
  path: '/v1/stats',
  operationId: 'getStats',
  tags: ['Share links'],
  summary: 'Share-link visits per day',
  description: 'Raw and unique visits per UTC day over a date range, for the environment, one campaign or one referrer. Every day in the range is listed.',
  request: { query: StatsQuerySchema },
  responses: { 200: jsonContent(StatsSchema, 'Visits per day.'), ...errorResponses(400, 401, 404) },
});
