import { and, count, eq } from 'drizzle-orm';
import { type AuditEntry, auditLog } from '../../db/schema';
import { notFound } from '../../lib/errors';
import { type ListRequest, type ListSpec, listPage, pickFields } from '../../lib/list-query';
import type { ServiceContext } from '../../lib/service-context';

export function toAuditResource(e: AuditEntry) {
  return {
    id: e.id,
    object: 'audit_entry' as const,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId,
    actor_type: e.actorType,
    actor_id: e.actorId,
    actor: e.actor,
    before: e.before,
    after: e.after,
    ip: e.ip,
    user_agent: e.userAgent,
    request_id: e.requestId,
    created_at: e.createdAt,
  };
}

export const auditListSpec: ListSpec = {
  columns: {
    id: auditLog.id,
    action: auditLog.action,
    target_type: auditLog.targetType,
    target_id: auditLog.targetId,
    actor_type: auditLog.actorType,
    actor: auditLog.actor,
    actor_id: auditLog.actorId,
    ip: auditLog.ip,
    created_at: auditLog.createdAt,
  },
  fields: ['id', 'object', 'action', 'target_type', 'target_id', 'actor_type', 'actor_id', 'actor', 'before', 'after', 'ip', 'user_agent', 'request_id', 'created_at'],
  relations: [],
  defaultOrder: 'created_at',
};

export async function listAuditLog(ctx: ServiceContext, request: ListRequest) {
  return listPage(ctx.origin, request, auditListSpec, {
    idColumn: auditLog.id,
    scope: eq(auditLog.environmentId, ctx.caller.environmentId),
    select: (where) => ctx.db.select().from(auditLog).where(where),
    count: (where) => ctx.db.select({ total: count() }).from(auditLog).where(where),
  }, (rows, query) => rows.map((e) => pickFields(toAuditResource(e), query.fields, [])));
}

export async function getAuditEntry(ctx: ServiceContext, id: string) {
  const row = await ctx.db.select().from(auditLog).where(and(eq(auditLog.environmentId, ctx.caller.environmentId), eq(auditLog.id, id))).get();
  if (!row) throw notFound('audit_entry', id);
  return toAuditResource(row);
}

