import { listRequestOf } from '../../lib/list-query';
import { badRequest } from '../../lib/errors';
import { createRouter } from '../../lib/create-router';
import { serviceContext } from '../../lib/service-context';
import { createPool, getPool, listPools } from '../../services/vouchers/voucher-pools';
import { type UploadBody, uploadVouchers } from '../../services/vouchers/voucher-upload';
import { createPoolRoute, getPoolRoute, listPoolsRoute, uploadVouchersRoute } from './voucher-pools.routes';

export const voucherPoolsRouter = createRouter()
  .openapi(createPoolRoute, async (c) => c.json(await createPool(serviceContext(c), c.req.valid('json')), 201))
  .openapi(listPoolsRoute, async (c) => c.json(await listPools(serviceContext(c), listRequestOf(c.req.url)), 200))
  .openapi(getPoolRoute, async (c) => c.json(await getPool(serviceContext(c), c.req.valid('param').id), 200))
  .openapi(uploadVouchersRoute, async (c) => {
    const isCsv = /^text\/csv\b/i.test(c.req.header('content-type') ?? '');
    let body: UploadBody;
    if (isCsv) body = { kind: 'csv', text: await c.req.text() };
    else {
      const text = await c.req.text();
      try {
        body = { kind: 'json', value: text ? JSON.parse(text) : undefined };
      } catch {
        throw badRequest('malformed-json', 'Malformed JSON', 'The body is not valid JSON.');
      }
    }
    return c.json(await uploadVouchers(serviceContext(c), c.req.valid('param').id, body), 201);
  });
