import { scoped } from '../../lib/auth';
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, IdParams, jsonBody, jsonContent, ListQuerySchema } from '../../lib/openapi';
import { CreateUserSchema, ImportUsersSchema, UpdateUserSchema, UserImportSchema, UserExportSchema, UserPageSchema, UserQuerySchema, UserSchema } from './users.schemas';

const tags = ['Users'];
const UserIdParams = IdParams.extend({
  id: z.string().min(1).max(255).openapi({ param: { name: 'id', in: 'path' }, description: 'The user id (usr_…) or your external_id.' }),
});

export const createUserRoute = createRoute({
  method: 'post',
  path: '/v1/users',
  ...scoped('users:write'),
  tags,
  summary: 'Enrol a referrer and mint their code',
  description: 'Idempotent by `external_id`: repeating the call returns the existing user with 200 and never mints a second code.',
  request: { body: jsonBody(CreateUserSchema) },
  responses: {
    201: jsonContent(UserSchema, 'Created.'),
    200: jsonContent(UserSchema, 'A user with this external_id already exists; it is returned unchanged.'),
    ...errorResponses(400, 401, 403, 409, 413, 415, 422),
  },
});

export const listUsersRoute = createRoute({
  method: 'get',
  path: '/v1/users',
  ...scoped('read'),
  tags,
  summary: 'List users',
  description: 'Filters: `filters[i][field]`, `filters[i][operator]` (equal, gt, lt, gte, lte, like), `filters[i][value]`.',
  request: { query: ListQuerySchema },
  responses: { 200: jsonContent(UserPageSchema, 'A page of users.'), ...errorResponses(400, 401, 403) },
});

export const getUserRoute = createRoute({
  method: 'get',
  path: '/v1/users/{id}',
  ...scoped('read'),
  tags,
  summary: 'Get a user by id or external id',
  request: { params: UserIdParams, query: UserQuerySchema },
  responses: { 200: jsonContent(UserSchema, 'The user.'), ...errorResponses(400, 401, 403, 404) },
});

export const updateUserRoute = createRoute({
  method: 'patch',
  path: '/v1/users/{id}',
  ...scoped('users:write'),
  tags,
  summary: 'Update a user',
  request: { params: UserIdParams, body: jsonBody(UpdateUserSchema) },
  responses: { 200: jsonContent(UserSchema, 'The updated user.'), ...errorResponses(400, 401, 403, 404, 413, 415) },
});

export const deleteUserRoute = createRoute({
  method: 'delete',
  path: '/v1/users/{id}',
  ...scoped('users:write'),
  tags,
  summary: 'Erase a user (GDPR art. 17)',
  description:
    "Erases the person's personal data from every place it was copied: the user (external id, email, name, metadata), event payloads (pending webhook deliveries send the erased payload), the metadata of referrals they made or received, the campaign objects' stored decisions, receivers' stored answers, notes on their rewards and stored idempotent answers naming them. The ledger keeps their rewards' amounts under the user id (a tombstone), so totals, caps and budgets do not change; the code stays reserved. See docs/privacy.md.",
  request: { params: UserIdParams },
  responses: { 204: { description: 'Deleted.' }, ...errorResponses(401, 403, 404) },
});

export const importUsersRoute = createRoute({
  method: 'post',
  path: '/v1/users/import',
  ...scoped('users:write'),
  tags,
  summary: 'Enrol up to 100 users in one call',
  description:
    'Each row is validated and created like POST /v1/users, in order: a row whose external_id already exists (earlier in the batch or before) is `existing`, never created twice; an invalid row is `rejected` with its field errors and does not stop the others. Send a large file as several calls.',
  request: { body: jsonBody(ImportUsersSchema) },
  responses: { 200: jsonContent(UserImportSchema, 'One result per row.'), ...errorResponses(400, 401, 403, 413, 415) },
});

export const exportUserRoute = createRoute({
  method: 'get',
  path: '/v1/users/{id}/export',
  ...scoped('read'),
  tags,
  summary: "Export everything held about a user (GDPR art. 15, 20)",
  description: 'One JSON document: the user (with metadata), the referrals they made and received, their rewards and their visits per day. Every referral and reward is included, however many.',
  request: { params: UserIdParams },
  responses: { 200: jsonContent(UserExportSchema, 'The export.'), ...errorResponses(400, 401, 403, 404) },
});
