import { createRouter } from '../../lib/create-router';
import { serviceContext } from '../../lib/service-context';
import { leaderboard } from '../../services/stats/leaderboard';
import { leaderboardRoute } from './leaderboard.routes';

export const leaderboardRouter = createRouter().openapi(leaderboardRoute, async (c) => {
  const { by, limit, currency } = c.req.valid('query');
  return c.json(await leaderboard(serviceContext(c), c.req.valid('param').id, by, limit, currency), 200);
});
