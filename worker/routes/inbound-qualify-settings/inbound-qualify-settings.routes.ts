import { createRoute } from '@hono/zod-openapi';
import { requireAdminTo } from '../../lib/auth';
import { errorResponses, jsonContent } from '../../lib/openapi';
import { InboundHookSchema } from './inbound-qualify-settings.schemas';

/** Seeing or rotating the inbound hook needs an admin key (or the dashboard). */
const adminOnly = requireAdminTo('see or rotate the inbound hook');

const tags = ['Voucher pools'];

export const getInboundHookRoute = createRoute({
  method: 'get',
  path: '/v1/inbound-hook',
  tags,
  middleware: [adminOnly],
  summary: "The environment's inbound qualify URL (admin keys)",
  responses: { 200: jsonContent(InboundHookSchema, 'Whether a token exists, and its prefix.'), ...errorResponses(401, 403) },
});

export const rotateInboundHookRoute = createRoute({
  method: 'post',
  path: '/v1/inbound-hook/rotate',
  tags,
  middleware: [adminOnly],
  summary: 'Issue (or replace) the inbound qualify URL (admin keys)',
  description: 'The previous token stops working at once. The new URL is shown this once.',
  responses: { 201: jsonContent(InboundHookSchema, 'The new URL and token.'), ...errorResponses(401, 403) },
});
