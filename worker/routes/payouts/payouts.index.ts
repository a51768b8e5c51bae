import { createRouter } from '../../lib/create-router';
import { listRequestOf } from '../../lib/list-query';
import { serviceContext } from '../../lib/service-context';
import { exportPayout } from '../../services/payouts/payout-export';
import { owedCash, createPayout, getPayout, listPayoutLines, listPayouts, markPayoutFailed, markPayoutPaid } from '../../services/payouts/payouts';
import { owedRoute, createPayoutRoute, exportPayoutRoute, getPayoutRoute, listPayoutLinesRoute, listPayoutsRoute, markPayoutFailedRoute, markPayoutPaidRoute } from './payouts.routes';

export const payoutsRouter = createRouter()
  // Before /v1/payouts/{id}, which would take `owed` for an id.
  .openapi(owedRoute, async (c) => {
    const { currency, page, per_page } = c.req.valid('query');
    return c.json(await owedCash(serviceContext(c), listRequestOf(c.req.url), { currency, page, perPage: per_page }), 200);
  })
  .openapi(createPayoutRoute, async (c) => c.json(await createPayout(serviceContext(c), c.req.valid('json')), 201))
  .openapi(listPayoutsRoute, async (c) => c.json(await listPayouts(serviceContext(c), listRequestOf(c.req.url)), 200))
  .openapi(getPayoutRoute, async (c) => c.json(await getPayout(serviceContext(c), c.req.valid('param').id), 200))
  .openapi(listPayoutLinesRoute, async (c) => c.json(await listPayoutLines(serviceContext(c), c.req.valid('param').id, listRequestOf(c.req.url)), 200))
  .openapi(exportPayoutRoute, async (c) => {
    const { format, currency } = c.req.valid('query');
    const file = await exportPayout(serviceContext(c), c.req.valid('param').id, format, currency);
    return c.body(file.body, 200, { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.filename}"` });
  })
  .openapi(markPayoutPaidRoute, async (c) => c.json(await markPayoutPaid(serviceContext(c), c.req.valid('param').id, c.req.valid('json') ?? {}), 200))
  .openapi(markPayoutFailedRoute, async (c) => c.json(await markPayoutFailed(serviceContext(c), c.req.valid('param').id, c.req.valid('json') ?? {}), 200));
