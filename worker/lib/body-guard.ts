import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env';
import { payloadTooLarge, unsupportedMediaType } from './errors';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Voucher uploads carry up to 100,000 codes of up to 64 characters: they get 8 MB. */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;
/** The one route that takes bulk codes, as JSON or as text/csv. */
const UPLOAD_PATH = /^\/v1\/voucher-pools\/[^/]+\/vouchers$/;

const tooLarge = (max: number) => () => {
  throw payloadTooLarge('payload-too-large', 'Payload too large', `Request bodies are limited to ${max} bytes here.`);
};
const limitDefault = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge(MAX_BODY_BYTES) });
const limitUpload = bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: tooLarge(MAX_UPLOAD_BYTES) });

const isUpload = (c: Context) => c.req.method === 'POST' && UPLOAD_PATH.test(c.req.path);

/** Bodies over 1 MB (8 MB for voucher uploads) are refused before they are parsed. */
export const limitBody: MiddlewareHandler<AppEnv> = (c, next) => (isUpload(c) ? limitUpload(c, next) : limitDefault(c, next));

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
    const csvAllowed = isUpload(c) && /^text\/csv\b/i.test(type);
    if (hasBody && !csvAllowed && !/^application\/(.+\+)?json\b/i.test(type)) {
      throw unsupportedMediaType('unsupported-media-type', 'Unsupported media type', "Send the body as JSON with 'Content-Type: application/json'.");
    }
  }
  await next();
};
