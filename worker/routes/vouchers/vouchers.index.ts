import { createRouter } from '../../lib/create-router';
import { serviceContext } from '../../lib/service-context';
import { redeem } from '../../services/vouchers/vouchers';
import { redeemVoucherRoute } from './vouchers.routes';

export const vouchersRouter = createRouter().openapi(redeemVoucherRoute, async (c) => c.json(await redeem(serviceContext(c), c.req.valid('param').code), 200));
