import { createRouter } from '../../lib/create-router';
import { listRequestOf } from '../../lib/list-query';
import { serviceContext } from '../../lib/service-context';
import { getAuditEntry, listAuditLog } from '../../services/audit/audit';
import { getAuditEntryRoute, listAuditLogRoute } from './audit-log.routes';

export const auditLogRouter = createRouter()
  .openapi(listAuditLogRoute, async (c) => c.json(await listAuditLog(serviceContext(c), listRequestOf(c.req.url)), 200))
  .openapi(getAuditEntryRoute, async (c) => c.json(await getAuditEntry(serviceContext(c), c.req.valid('param').id), 200));
