import { createRoute } from '@hono/zod-openapi';
import { requireAdmin, scoped } from '../../lib/auth';
import { errorResponses, jsonBody, jsonContent } from '../../lib/openapi';
import { EnvironmentSchema, UpdateEnvironmentSchema, WidgetSecretSchema } from './environment.schemas';

const tags = ['Environment'];

export const getEnvironmentRoute = createRoute({
  method: 'get',
  path: '/v1/environment',
  ...scoped('read'),
  tags,
  summary: "Get the key's environment",
  description: 'Every API key belongs to one environment (`live` or `test`) of one workspace; this is it, with its settings.',
  responses: { 200: jsonContent(EnvironmentSchema, 'The environment.'), ...errorResponses(401, 403) },
});

export const updateEnvironmentRoute = createRoute({
  method: 'patch',
  path: '/v1/environment',
  tags,
  middleware: [requireAdmin],
  summary: "Update the key's environment settings",
  description:
    "Needs an admin key. `fallback_url` is where this environment's share links go when nothing better exists (a deleted referrer, a campaign without a usable landing or fallback URL); share links everywhere follow the change within 2 minutes.",
  request: { body: jsonBody(UpdateEnvironmentSchema) },
  responses: { 200: jsonContent(EnvironmentSchema, 'The updated environment.'), ...errorResponses(400, 401, 403, 413, 415) },
});

export const rotateWidgetSecretRoute = createRoute({
  method: 'post',
  path: '/v1/environment/widget-secret',
  tags,
  ...scoped('environment:write'),
  summary: 'Issue (or rotate) the widget secret',
  description:
    "Needs an admin key. The secret your server signs customer tokens with for the referral widget (docs/widget.md). Shown only in this answer; issuing a new one stops tokens signed with the old one at once.",
  responses: { 201: jsonContent(WidgetSecretSchema, 'The new secret, shown once.'), ...errorResponses(401, 403) },
});
