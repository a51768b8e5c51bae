import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env';
import { AppError } from './errors';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Bodies over 1 MB are refused before they are parsed. */
export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new AppError(413, 'payload-too-large', 'Payload too large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
  },
});

/**
 * Writes must say they send JSON. Without this a body sent as text/plain would be
 * ignored by the validator and the route would see `{}`.
 */
export const requireJson: MiddlewareHandler<AppEnv> = async (c, next) => {
  const method = c.req.method;
  if (method === 'POST' || method === 'PATCH' || method === 'PUT') {
    const type = c.req.header('content-type') ?? '';
    const length = c.req.header('content-length');
    const hasBody = length !== undefined ? length !== '0' : c.req.raw.body !== null;
    if (hasBody && !/^application\/(.+\+)?json\b/i.test(type)) {
      throw new AppError(415, 'unsupported-media-type', 'Unsupported media type', "Send the body as JSON with 'Content-Type: application/json'.");
    }
  }
  await next();
};
