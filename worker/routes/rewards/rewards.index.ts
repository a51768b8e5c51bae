import { listRequestOf } from '../../lib/list-query';
import { createRouter } from '../../lib/create-router';
import { serviceContext } from '../../lib/service-context';
import { transitionReward, transitionRewardsInBulk } from '../../services/rewards/reward-actions';
import { createManualReward, getReward, listRewards } from '../../services/rewards/rewards';
import { approveRewardRoute, bulkRewardsRoute, cancelRewardRoute, createRewardRoute, getRewardRoute, listRewardsRoute, payRewardRoute } from './rewards.routes';

export const rewardsRouter = createRouter()
  .openapi(listRewardsRoute, async (c) => c.json(await listRewards(serviceContext(c), listRequestOf(c.req.url)), 200))
  .openapi(createRewardRoute, async (c) => c.json(await createManualReward(serviceContext(c), c.req.valid('json')), 201))
  .openapi(bulkRewardsRoute, async (c) => {
    const { action, ids, payout_reference, reason } = c.req.valid('json');
    return c.json(await transitionRewardsInBulk(serviceContext(c), action, ids, { payoutReference: payout_reference, reason }), 200);
  })
  .openapi(getRewardRoute, async (c) => c.json(await getReward(serviceContext(c), c.req.valid('param').id), 200))
  .openapi(approveRewardRoute, async (c) => c.json(await transitionReward(serviceContext(c), 'approve', c.req.valid('param').id, {}), 200))
  .openapi(payRewardRoute, async (c) =>
    c.json(await transitionReward(serviceContext(c), 'pay', c.req.valid('param').id, { payoutReference: c.req.valid('json').payout_reference }), 200),
  )
  .openapi(cancelRewardRoute, async (c) => c.json(await transitionReward(serviceContext(c), 'cancel', c.req.valid('param').id, { reason: c.req.valid('json').reason }), 200));
