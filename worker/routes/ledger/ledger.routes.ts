import { scoped } from '../../lib/auth';
import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env';
import { serviceContext } from '../../lib/service-context';
import { ledgerUserId } from '../../services/ledger/entries';
import { errorResponses, jsonBody, jsonContent, ListQuerySchema } from '../../lib/openapi';
import { DebitResultSchema, DebitSchema, LedgerPageSchema, UserParams } from './ledger.schemas';

const tags = ['Ledger'];

const knownUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  await ledgerUserId(serviceContext(c), c.req.param('id') ?? '');
  await next();
};

export const listLedgerRoute = createRoute({
  method: 'get',
  path: '/v1/users/{id}/ledger',
  tags,
  ...scoped('read'),
  summary: "A user's ledger entries",
  description:
    'Every change to what the user is owed: earned, approved, paid, reversed, adjusted, spent, with its reason and cause. Filter by `type`, `kind`, `currency`, `reward_id`, `payout_id`, `created_at`, … The balance is their sum (docs/ledger.md).',
  request: { params: UserParams, query: ListQuerySchema },
  responses: { 200: jsonContent(LedgerPageSchema, 'A page of entries.'), ...errorResponses(400, 401, 404) },
});

export const exportLedgerRoute = createRoute({
  method: 'get',
  path: '/v1/users/{id}/ledger/export',
  tags,
  ...scoped('read'),
  summary: "A user's ledger as CSV",
  request: { params: UserParams },
  responses: { 200: { description: 'CSV, oldest first.', content: { 'text/csv': { schema: { type: 'string' as const } } } }, ...errorResponses(401, 404) },
});

const debitScope = scoped('rewards:write');

export const debitRoute = createRoute({
  method: 'post',
  path: '/v1/users/{id}/balance/debit',
  tags,
  ...debitScope,
  // An unknown user is a 404 whatever the body (the lookup runs before validation, as on every {id} route).
  middleware: [...debitScope.middleware, knownUser],
  summary: 'Spend credit or points',
  description: 'For a shop redeeming credit or points at checkout. Never takes a balance below zero (409 insufficient-balance); a reference already used answers with the first debit (200). Emits `balance.debited`.',
  request: { params: UserParams, body: jsonBody(DebitSchema) },
  responses: {
    201: jsonContent(DebitResultSchema, 'Debited.'),
    200: jsonContent(DebitResultSchema, 'Already debited with this reference.'),
    ...errorResponses(400, 401, 404, 409, 413, 415),
  },
});
