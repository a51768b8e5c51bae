import { createRouter } from '../../lib/create-router';
import { serviceContext } from '../../lib/service-context';
import { visitStats } from '../../services/stats/stats';
import { getStatsRoute } from './stats.routes';

export const statsRouter = createRouter().openapi(getStatsRoute, async (c) => c.json(await visitStats(serviceContext(c), c.req.valid('query')), 200));
