import { createRouter } from '../../lib/create-router';
import { userBalance } from '../../services/rewards/balances';
import { serviceContext } from '../../lib/service-context';
import { userBalanceRoute } from './balances.routes';

export const balancesRouter = createRouter().openapi(userBalanceRoute, async (c) => c.json(await userBalance(serviceContext(c), c.req.valid('param').id), 200));
