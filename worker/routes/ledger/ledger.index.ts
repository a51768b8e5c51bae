import { createRouter } from '../../lib/create-router';
import { listRequestOf } from '../../lib/list-query';
import { serviceContext } from '../../lib/service-context';
import { debitBalance } from '../../services/ledger/debit';
import { exportUserLedgerCsv, listUserLedger } from '../../services/ledger/entries';
import { debitRoute, exportLedgerRoute, listLedgerRoute } from './ledger.routes';

export const ledgerRouter = createRouter()
  .openapi(listLedgerRoute, async (c) => c.json(await listUserLedger(serviceContext(c), c.req.valid('param').id, listRequestOf(c.req.url)), 200))
  .openapi(exportLedgerRoute, async (c) => {
    const id = c.req.valid('param').id;
    const csv = await exportUserLedgerCsv(serviceContext(c), id);
    return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="ledger-${id.replace(/[^A-Za-z0-9_-]/g, '_')}.csv"` });
  })
  .openapi(debitRoute, async (c) => {
    const { created, debit } = await debitBalance(serviceContext(c), c.req.valid('param').id, c.req.valid('json'));
    return created ? c.json(debit, 201) : c.json(debit, 200);
  });
