import { createRouter } from '../../lib/create-router';
import { followShareLink } from './follow';
import { redirectDoc } from './redirect.routes';

/**
 * The documented route of `GET /r/{code}`. The deployed Worker answers it before Hono
 * (worker/index.ts → follow.ts); this route gives the app the same behaviour when it is called
 * on its own (HEAD requests come here too) and puts the path in the OpenAPI document.
 */
export const redirectRouter = createRouter();
redirectRouter.openAPIRegistry.registerPath(redirectDoc);
redirectRouter.get('/r/:code', (c) => followShareLink(c.req.raw, c.env, c.executionCtx, c.req.param('code')));
