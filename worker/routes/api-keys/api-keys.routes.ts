import { createRoute } from '@hono/zod-openapi';
import { requireAdmin } from '../../lib/auth';
import { errorResponses, IdParams, jsonBody, jsonContent } from '../../lib/openapi';
import { ApiKeyListSchema, ApiKeySchema, CreateApiKeySchema, CreatedApiKeySchema, RotateApiKeySchema, RotatedApiKeySchema } from './api-keys.schemas';

const tags = ['API keys'];
const description = 'Needs an admin key (or the dashboard). Keys see and manage only their own environment.';

export const listApiKeysRoute = createRoute({
  method: 'get',
  path: '/v1/api-keys',
  tags,
  middleware: [requireAdmin],
  summary: 'List API keys',
  description,
  responses: { 200: jsonContent(ApiKeyListSchema, 'Keys of this environment, newest first.'), ...errorResponses(401, 403) },
});

export const createApiKeyRoute = createRoute({
  method: 'post',
  path: '/v1/api-keys',
  tags,
  middleware: [requireAdmin],
  summary: 'Create an API key',
  description: `${description} The key is returned once and stored only as a SHA-256 hash.`,
  request: { body: jsonBody(CreateApiKeySchema) },
  responses: { 201: jsonContent(CreatedApiKeySchema, 'Created; `key` is shown only now.'), ...errorResponses(400, 401, 403, 413, 415) },
});

export const rotateApiKeyRoute = createRoute({
  method: 'post',
  path: '/v1/api-keys/{id}/rotate',
  tags,
  middleware: [requireAdmin],
  summary: 'Rotate an API key',
  description: `${description} Creates a successor; the old key keeps working for the grace period, then stops.`,
  request: { params: IdParams, body: { ...jsonBody(RotateApiKeySchema), required: false } },
  responses: { 201: jsonContent(RotatedApiKeySchema, 'The new key (shown once) and the old one with its expiry.'), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

export const revokeApiKeyRoute = createRoute({
  method: 'delete',
  path: '/v1/api-keys/{id}',
  tags,
  middleware: [requireAdmin],
  summary: 'Revoke an API key',
  description: `${description} The key stops working at once.`,
  request: { params: IdParams },
  responses: { 200: jsonContent(ApiKeySchema, 'The revoked key.'), ...errorResponses(401, 403, 404) },
});
