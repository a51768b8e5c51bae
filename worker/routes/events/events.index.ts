import { listRequestOf } from '../../lib/list-query';
import { createRouter } from '../../lib/create-router';
import { serviceContext } from '../../lib/service-context';
import { getEvent, listEvents } from '../../services/events/events';
import { getEventRoute, listEventsRoute } from './events.routes';

export const eventsRouter = createRouter()
  .openapi(listEventsRoute, async (c) => c.json(await listEvents(serviceContext(c), listRequestOf(c.req.url)), 200))
  .openapi(getEventRoute, async (c) => c.json(await getEvent(serviceContext(c), c.req.valid('param').id), 200));
