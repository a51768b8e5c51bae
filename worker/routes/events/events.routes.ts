import { scoped } from '../../lib/auth';
import { createRoute } from '@hono/zod-openapi';
import { errorResponses, IdParams, jsonContent, ListQuerySchema } from '../../lib/openapi';
import { EventPageSchema, EventSchema } from './events.schemas';

const tags = ['Events'];

export const listEventsRoute = createRoute({
  method: 'get',
  path: '/v1/events',
  ...scoped('read'),
  tags,
  summary: 'List events',
  description: 'Every state change, newest first (the webhook outbox is the source). Filter by `type`, `created_at`.',
  request: { query: ListQuerySchema },
  responses: { 200: jsonContent(EventPageSchema, 'A page of events.'), ...errorResponses(400, 401, 403) },
});

export const getEventRoute = createRoute({
  method: 'get',
  path: '/v1/events/{id}',
  ...scoped('read'),
  tags,
  summary: 'Get an event',
  request: { params: IdParams },
  responses: { 200: jsonContent(EventSchema, 'The event.'), ...errorResponses(401, 403, 404) },
});
