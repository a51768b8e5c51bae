import { createRouter } from '../../lib/create-router';
import { serviceContext } from '../../lib/service-context';
import { getInboundHook, rotateInboundHook } from '../../services/inbound-qualify/inbound-qualify';
import { getInboundHookRoute, rotateInboundHookRoute } from './inbound-qualify-settings.routes';

export const inboundHooksRouter = createRouter()
  .openapi(getInboundHookRoute, async (c) => c.json(await getInboundHook(serviceContext(c)), 200))
  .openapi(rotateInboundHookRoute, async (c) => c.json(await rotateInboundHook(serviceContext(c)), 201));
