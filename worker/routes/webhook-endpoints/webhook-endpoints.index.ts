import { listRequestOf } from '../../lib/list-query';
import { createRouter } from '../../lib/create-router';
import { serviceContext } from '../../lib/service-context';
import { listDeliveries, retryDelivery } from '../../services/webhooks/deliveries';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, rotateSecret, sendTestEvent, updateEndpoint } from '../../services/webhooks/endpoints';
import {
  createEndpointRoute,
  deleteEndpointRoute,
  getEndpointRoute,
  listDeliveriesRoute,
  listEndpointsRoute,
  retryDeliveryRoute,
  rotateSecretRoute,
  testEndpointRoute,
  updateEndpointRoute,
} from './webhook-endpoints.routes';

export const webhooksRouter = createRouter()
  .openapi(listEndpointsRoute, async (c) => c.json({ data: await listEndpoints(serviceContext(c)) }, 200))
  .openapi(createEndpointRoute, async (c) => c.json(await createEndpoint(serviceContext(c), c.req.valid('json')), 201))
  .openapi(getEndpointRoute, async (c) => c.json(await getEndpoint(serviceContext(c), c.req.valid('param').id), 200))
  .openapi(updateEndpointRoute, async (c) => c.json(await updateEndpoint(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(deleteEndpointRoute, async (c) => {
    await deleteEndpoint(serviceContext(c), c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(rotateSecretRoute, async (c) => {
    const body = c.req.header('content-type') ? c.req.valid('json') : {};
    return c.json(await rotateSecret(serviceContext(c), c.req.valid('param').id, body.grace_period_seconds), 201);
  })
  .openapi(testEndpointRoute, async (c) => c.json(await sendTestEvent(serviceContext(c), c.req.valid('param').id), 202))
  .openapi(listDeliveriesRoute, async (c) => c.json(await listDeliveries(serviceContext(c), c.req.valid('param').id, listRequestOf(c.req.url)), 200))
  .openapi(retryDeliveryRoute, async (c) => c.json(await retryDelivery(serviceContext(c), c.req.valid('param').id), 202));
