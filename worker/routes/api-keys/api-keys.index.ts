import { createRouter } from '../../lib/create-router';
import { createKey, listKeys, revokeKey, rotateKey } from '../../services/access/api-keys';
import { serviceContext } from '../../lib/service-context';
import { createApiKeyRoute, listApiKeysRoute, revokeApiKeyRoute, rotateApiKeyRoute } from './api-keys.routes';

export const apiKeysRouter = createRouter()
  .openapi(listApiKeysRoute, async (c) => c.json({ data: await listKeys(serviceContext(c)) }, 200))
  .openapi(createApiKeyRoute, async (c) => c.json(await createKey(serviceContext(c), c.req.valid('json')), 201))
  .openapi(rotateApiKeyRoute, async (c) => {
    const body = c.req.header('content-type') ? c.req.valid('json') : {};
    return c.json(await rotateKey(serviceContext(c), c.req.valid('param').id, body.grace_period_seconds), 201);
  })
  .openapi(revokeApiKeyRoute, async (c) => c.json(await revokeKey(serviceContext(c), c.req.valid('param').id), 200));
