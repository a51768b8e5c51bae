import { scoped } from '../../lib/auth';
import { createRoute } from '@hono/zod-openapi';
import { errorResponses, jsonBody, jsonContent } from '../../lib/openapi';
import { ClickSchema, CreateClickSchema } from './clicks.schemas';

export const createClickRoute = createRoute({
  method: 'post',
  path: '/v1/clicks',
  ...scoped('referrals:write'),
  tags: ['Share links'],
  summary: 'Count a visit your own site received',
  description:
    'For share links that point straight at your site (`?r=CODE` handled by your page): counts a visit for the referrer exactly as a followed `/r/{code}` link would. Visits reach users and stats within seconds.',
  request: { body: jsonBody(CreateClickSchema) },
  responses: { 202: jsonContent(ClickSchema, 'Recorded (or, with `counted: false`, deliberately not).'), ...errorResponses(400, 401, 403, 413, 415, 422) },
});
