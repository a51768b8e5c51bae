import { createRoute } from '@hono/zod-openapi';
import { scoped } from '../../lib/auth';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env';
import { forbidden } from '../../lib/errors';
import { errorResponses, IdParams, jsonBody, jsonContent, ListQuerySchema } from '../../lib/openapi';
import {
  CreateWebhookEndpointSchema,
  RotateWebhookSecretSchema,
  UpdateWebhookEndpointSchema,
  WebhookDeliveryPageSchema,
  WebhookDeliverySchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
} from './webhook-endpoints.schemas';

const tags = ['Webhooks'];

/** Endpoints receive every event of the environment: a leaked server key must not be able to add one. */
const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('caller').role !== 'admin') throw forbidden('forbidden', 'Forbidden', 'Only admin keys (or the dashboard) can manage webhook endpoints.');
  await next();
};
const middleware = [requireAdmin];
const description = 'Needs an admin key (or the dashboard).';

export const listEndpointsRoute = createRoute({
  method: 'get',
  path: '/v1/webhook-endpoints',
  tags,
  middleware,
  summary: 'List webhook endpoints',
  description,
  responses: { 200: jsonContent(WebhookEndpointListSchema, 'Endpoints of this environment, newest first.'), ...errorResponses(401, 403) },
});

export const createEndpointRoute = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints',
  tags,
  middleware,
  summary: 'Create a webhook endpoint',
  description: `${description} The signing secret is returned once. URLs must be http(s); private and loopback hosts are refused outside development.`,
  request: { body: jsonBody(CreateWebhookEndpointSchema) },
  responses: { 201: jsonContent(WebhookEndpointWithSecretSchema, 'Created; `secret` is shown only now.'), ...errorResponses(400, 401, 403, 413, 415) },
});

export const getEndpointRoute = createRoute({
  method: 'get',
  path: '/v1/webhook-endpoints/{id}',
  tags,
  middleware,
  summary: 'Get a webhook endpoint',
  description,
  request: { params: IdParams },
  responses: { 200: jsonContent(WebhookEndpointSchema, 'The endpoint.'), ...errorResponses(401, 403, 404) },
});

export const updateEndpointRoute = createRoute({
  method: 'patch',
  path: '/v1/webhook-endpoints/{id}',
  tags,
  middleware,
  summary: 'Update a webhook endpoint',
  description: `${description} \`enabled: true\` re-enables a disabled endpoint and clears its failure record.`,
  request: { params: IdParams, body: jsonBody(UpdateWebhookEndpointSchema) },
  responses: { 200: jsonContent(WebhookEndpointSchema, 'The updated endpoint.'), ...errorResponses(400, 401, 403, 404, 413, 415) },
});

export const deleteEndpointRoute = createRoute({
  method: 'delete',
  path: '/v1/webhook-endpoints/{id}',
  tags,
  middleware,
  summary: 'Delete a webhook endpoint',
  description: `${description} Nothing more is sent to it; its delivery history is deleted.`,
  request: { params: IdParams },
  responses: { 204: { description: 'Deleted.' }, ...errorResponses(401, 403, 404) },
});

export const rotateSecretRoute = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints/{id}/rotate-secret',
  tags,
  middleware,
  summary: "Rotate an endpoint's signing secret",
  description: `${description} During the grace period every message carries two signatures (new and old secret).`,
  request: { params: IdParams, body: { ...jsonBody(RotateWebhookSecretSchema), required: false } },
  responses: { 201: jsonContent(WebhookEndpointWithSecretSchema, 'The endpoint with its new secret (shown once).'), ...errorResponses(400, 401, 403, 404, 415) },
});

export const testEndpointRoute = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints/{id}/test',
  tags,
  middleware,
  summary: 'Send a test event',
  description: `${description} Queues a \`webhook.test\` event to this endpoint only; follow it in the deliveries.`,
  request: { params: IdParams },
  responses: { 202: jsonContent(WebhookDeliverySchema, 'The queued delivery.'), ...errorResponses(401, 403, 404, 409) },
});

export const listDeliveriesRoute = createRoute({
  method: 'get',
  path: '/v1/webhook-endpoints/{id}/deliveries',
  tags,
  ...scoped('read'),
  summary: "List an endpoint's deliveries",
  description: 'Status, attempts, the last answer (code and first 1 KB) and the next attempt. Filter by `status`, `event_type`, `event_id`.',
  request: { params: IdParams, query: ListQuerySchema },
  responses: { 200: jsonContent(WebhookDeliveryPageSchema, 'A page of deliveries.'), ...errorResponses(400, 401, 403, 404) },
});

export const retryDeliveryRoute = createRoute({
  method: 'post',
  path: '/v1/webhook-deliveries/{id}/retry',
  tags,
  middleware,
  summary: 'Retry a delivery now',
  description: `${description} One more attempt at once, with the same webhook-id; if it fails, the schedule continues.`,
  request: { params: IdParams },
  responses: { 202: jsonContent(WebhookDeliverySchema, 'The delivery, queued.'), ...errorResponses(401, 403, 404, 409) },
});
