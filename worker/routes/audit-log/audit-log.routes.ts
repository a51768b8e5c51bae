import { createRoute } from '@hono/zod-openapi';
import { requireAdminTo } from '../../lib/auth';
import { errorResponses, IdParams, jsonContent, ListQuerySchema } from '../../lib/openapi';
import { AuditEntrySchema, AuditPageSchema } from './audit-log.schemas';

const tags = ['Audit log'];
const adminOnly = requireAdminTo('read the audit log');

export const listAuditLogRoute = createRoute({
  method: 'get',
  path: '/v1/audit-log',
  tags,
  middleware: [adminOnly],
  summary: 'List audit entries',
  description:
    'Who changed what, newest first: campaigns (rules, budget, landing URL), API keys, webhook endpoints, the environment, the inbound hook, reward approvals, payments, cancels and hand-issued rewards, voucher pools, user erasures. Filter by `action`, `target_type`, `target_id`, `actor`, `actor_type`, `created_at`.',
  request: { query: ListQuerySchema },
  responses: { 200: jsonContent(AuditPageSchema, 'A page of audit entries.'), ...errorResponses(400, 401, 403) },
});

export const getAuditEntryRoute = createRoute({
  method: 'get',
  path: '/v1/audit-log/{id}',
  tags,
  middleware: [adminOnly],
  summary: 'Get an audit entry',
  request: { params: IdParams },
  responses: { 200: jsonContent(AuditEntrySchema, 'The entry.'), ...errorResponses(401, 403, 404) },
});
