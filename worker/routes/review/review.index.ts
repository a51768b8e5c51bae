import { createRouter } from '../../lib/create-router';
import { listRequestOf } from '../../lib/list-query';
import { serviceContext } from '../../lib/service-context';
import { listReviewQueue, resolveReview } from '../../services/rewards/review';
import { listReviewQueueRoute, resolveReviewRoute } from './review.routes';

export const reviewRouter = createRouter()
  .openapi(listReviewQueueRoute, async (c) => c.json(await listReviewQueue(serviceContext(c), listRequestOf(c.req.url)), 200))
  .openapi(resolveReviewRoute, async (c) => c.json(await resolveReview(serviceContext(c), c.req.valid('param').id, c.req.valid('json').outcome), 200));
