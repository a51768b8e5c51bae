import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getDb } from '../../db/client';
import type { AppEnv } from '../../env';
import { badRequest, notFoundProblem, payloadTooLarge, unsupportedMediaType, validationError } from '../../lib/errors';
import { createRouter } from '../../lib/create-router';
import { hookCaller } from '../../services/inbound-qualify/inbound-qualify';
import { redeem } from '../../services/vouchers/vouchers';
import { qualifyHookRoute } from './inbound-qualify.routes';

const MAX_HOOK_BODY = 16 * 1024;

/** code= or coupon=, from the query, a form or JSON: whatever a no-code tool can send. */
async function codeOf(c: Context<AppEnv>): Promise<string | undefined> {
  const type = c.req.header('content-type') ?? '';
  let fields: Record<string, unknown> = {};
  if (/^application\/(.+\+)?json\b/i.test(type)) {
    try {
      const parsed: unknown = JSON.parse((await c.req.text()) || '{}');
      fields = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch {
      throw badRequest('malformed-json', 'Malformed JSON', 'The body is not valid JSON.');
    }
  } else if (/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    fields = await c.req.parseBody();
  } else if (type && (await c.req.text())) {
    throw unsupportedMediaType('unsupported-media-type', 'Unsupported media type', 'Send code= as a form field, JSON or a query parameter.');
  }
  const value = fields.code ?? fields.coupon ?? c.req.query('code') ?? c.req.query('coupon');
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Public: the token in the path is the credential, so this sits outside /v1 and its key check. */
export const hooksRouter = createRouter();
hooksRouter.use(
  '/hooks/*',
  bodyLimit({
    maxSize: MAX_HOOK_BODY,
    onError: () => {
      throw payloadTooLarge('payload-too-large', 'Payload too large', `Hook bodies are limited to ${MAX_HOOK_BODY} bytes.`);
    },
  }),
);
hooksRouter.openapi(qualifyHookRoute, async (c) => {
  const db = getDb(c.env);
  const caller = await hookCaller(db, c.req.valid('param').token);
  if (!caller) throw notFoundProblem('not-found', 'Not found', 'No inbound hook with this token.');
  const code = await codeOf(c);
  if (!code || code.length > 64) throw validationError([{ field: 'code', message: 'Send code= (or coupon=) with the voucher code, up to 64 characters.' }]);
  c.set('caller', caller);
  return c.json(await redeem({ db, env: c.env, caller, origin: new URL(c.req.url).origin }, code), 200);
});
