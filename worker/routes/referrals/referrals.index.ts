import { listRequestOf } from '../../lib/list-query';
import { createRouter } from '../../lib/create-router';
import { serviceContext } from '../../lib/service-context';
import { getReferral, listReferrals, logReferral } from '../../services/referrals/referrals';
import { createReferralRoute, getReferralRoute, listReferralsRoute } from './referrals.routes';

export const referralsRouter = createRouter()
  .openapi(createReferralRoute, async (c) => {
    const { referral, duplicate } = await logReferral(serviceContext(c), c.req.valid('json'));
    return duplicate ? c.json(referral, 200) : c.json(referral, 201);
  })
  .openapi(listReferralsRoute, async (c) => c.json(await listReferrals(serviceContext(c), listRequestOf(c.req.url)), 200))
  .openapi(getReferralRoute, async (c) => c.json(await getReferral(serviceContext(c), c.req.valid('param').id), 200));
