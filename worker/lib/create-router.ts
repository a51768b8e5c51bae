import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { validationError, zodFieldErrors } from './errors';

/** Every router shares one validation hook, so every bad request gets the same problem shape. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw validationError(zodFieldErrors(result.error));
      }
    },
  });
}
