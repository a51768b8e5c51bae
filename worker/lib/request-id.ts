import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { newId } from './ids';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Honours a caller's X-Request-Id when it is safe to echo; otherwise makes one. */
export const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const given = c.req.header('x-request-id');
  const id = given && SAFE_ID.test(given) ? given : newId('req');
  c.set('requestId', id);
  await next();
  c.header('x-request-id', id);
};
