import { createRouter } from '../../lib/create-router';
import { recordClick } from '../../services/share-links/clicks';
import { serviceContext } from '../../lib/service-context';
import { createClickRoute } from './clicks.routes';

export const clicksRouter = createRouter().openapi(createClickRoute, async (c) => c.json(await recordClick(serviceContext(c), c.req.valid('json')), 202));
