import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { type AuditEntry, auditLog } from '../db/schema';
import { newId } from '../lib/ids';
import { REWARD_JSON } from './state-events';

/**
 * Who made a change and from where: the request's caller (worker/env.ts's Caller has these
 * fields; named here so the ledger can take it without importing the bindings).
 */
export interface AuditCaller {
  environmentId: string;
  keyId: string;
  actor?: { type: 'api_key' | 'admin'; label: string };
  origin?: { ip: string | null; userAgent: string | null; requestId: string | null };
}

export interface AuditChange {
  action: string;
  targetType: string;
  targetId: string;
  before: object | null;
  after: object | null;
}

/**
 * THE way to record a change in the audit log: put the statement in the SAME `db.batch([...])`
 * as the change, so the record and the change commit together (never one without the other).
 * Secrets never reach it: callers pass resources as the API shows them (no key, no webhook secret).
 */
export function auditInsert(db: Db, caller: AuditCaller, change: AuditChange, at = new Date().toISOString()) {
  return db.insert(auditLog).values(auditRow(caller, change, at));
}

export function auditRow(caller: AuditCaller, change: AuditChange, at: string): AuditEntry {
  return {
    id: newId('aud'),
    environmentId: caller.environmentId,
    action: change.action,
    targetType: change.targetType,
    targetId: change.targetId,
    actorType: caller.actor?.type ?? 'system',
    actorId: caller.keyId,
    actor: caller.actor?.label ?? caller.keyId,
    before: (change.before as Record<string, unknown> | null) ?? null,
    after: (change.after as Record<string, unknown> | null) ?? null,
    ip: caller.origin?.ip ?? null,
    userAgent: caller.origin?.userAgent ?? null,
    requestId: caller.origin?.requestId ?? null,
    createdAt: at,
  };
}

/**
 * The audit record of a change that a guarded statement may or may not make (a conditional
 * update that loses a race): written in the same batch, only when `applied` holds (a SQL
 * condition true only if the change happened, e.g. `changes() = 1` placed right after the update).
 */
export function auditInsertWhere(db: Db, caller: AuditCaller, change: AuditChange, at: string, applied: SQL) {
  const r = auditRow(caller, change, at);
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  return db.insert(auditLog).select(sql`SELECT ${r.id}, ${r.environmentId}, ${r.action}, ${r.targetType}, ${r.targetId}, ${r.actorType}, ${r.actorId}, ${r.actor}, ${json(r.before)}, ${json(r.after)}, ${r.ip}, ${r.userAgent}, ${r.requestId}, ${r.createdAt}
    WHERE ${applied}`);
}

/**
 * One audit record per reward matching `where` (alias `r`), taken BEFORE the batch's update
 * with the same condition changes them: `before` is the reward as it was, `after` the same with
 * `changes` applied. The records and the change commit together, for exactly the same rows.
 */
export function rewardAuditInsert(db: Db, caller: AuditCaller, action: string, where: SQL, changes: Record<string, unknown>, at: string) {
  const r = auditRow(caller, { action, targetType: 'reward', targetId: '', before: null, after: null }, at);
  return db.insert(auditLog).select(sql`SELECT 'aud_' || lower(hex(randomblob(10))), r.environment_id, ${r.action}, 'reward', r.id, ${r.actorType}, ${r.actorId}, ${r.actor},
      ${REWARD_JSON}, json_patch(${REWARD_JSON}, ${JSON.stringify(changes)}), ${r.ip}, ${r.userAgent}, ${r.requestId}, ${r.createdAt}
    FROM rewards r WHERE ${where}`);
}
