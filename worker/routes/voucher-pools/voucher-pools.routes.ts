import { scoped } from '../../lib/auth';
import { createRoute } from '@hono/zod-openapi';
import { errorResponses, IdParams, jsonBody, jsonContent, ListQuerySchema } from '../../lib/openapi';
import { CreatePoolSchema, PoolPageSchema, PoolSchema, UploadResultSchema, uploadBodyDoc } from './voucher-pools.schemas';

const tags = ['Voucher pools'];

export const createPoolRoute = createRoute({
  method: 'post',
  path: '/v1/voucher-pools',
  ...scoped('campaigns:write'),
  tags,
  summary: 'Create a voucher pool',
  request: { body: jsonBody(CreatePoolSchema) },
  responses: { 201: jsonContent(PoolSchema, 'Created.'), ...errorResponses(400, 401, 403, 413, 415, 422) },
});

export const listPoolsRoute = createRoute({
  method: 'get',
  path: '/v1/voucher-pools',
  ...scoped('read'),
  tags,
  summary: 'List voucher pools with their stock',
  request: { query: ListQuerySchema },
  responses: { 200: jsonContent(PoolPageSchema, 'A page of pools.'), ...errorResponses(400, 401, 403) },
});

export const getPoolRoute = createRoute({
  method: 'get',
  path: '/v1/voucher-pools/{id}',
  ...scoped('read'),
  tags,
  summary: 'Get a voucher pool with its stock',
  request: { params: IdParams },
  responses: { 200: jsonContent(PoolSchema, 'The pool.'), ...errorResponses(401, 403, 404) },
});

export const uploadVouchersRoute = createRoute({
  method: 'post',
  path: '/v1/voucher-pools/{id}/vouchers',
  ...scoped('campaigns:write'),
  tags,
  summary: 'Upload voucher codes (JSON or CSV)',
  description:
    'Duplicates inside the upload and codes already in this environment are reported with their lines, never inserted twice; invalid rows are reported too. The valid codes go in as one transaction, then waiting rewards draw from them.',
  request: { params: IdParams, body: uploadBodyDoc },
  responses: { 201: jsonContent(UploadResultSchema, 'Uploaded.'), ...errorResponses(400, 401, 403, 404, 413, 415) },
});
