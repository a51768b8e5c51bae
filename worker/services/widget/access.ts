import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { apiKeys, environments } from '../../db/schema';
import { sha256Hex } from '../../lib/crypto';

export const PUBLISHABLE_KEY_FORMAT = /^pk_(live|test)_[A-Za-z0-9]{40}$/;

export interface WidgetAccess {
  keyId: string;
  /** Shown in the audit log as the actor of what the widget does (an enrolment). */
  keyPrefix: string;
  workspaceId: string;
  environmentId: string;
  mode: 'live' | 'test';
  allowedOrigins: string[];
  sealedSecret: string | null;
}

/** A live publishable key and its environment's widget settings, in one query; null for anything else. */
export async function publishableAccess(db: Db, key: string, now = new Date()): Promise<WidgetAccess | null> {
  if (!PUBLISHABLE_KEY_FORMAT.test(key)) return null;
  const row = await db
    .select({
      keyId: apiKeys.id,
      keyPrefix: apiKeys.prefix,
      role: apiKeys.role,
      revokedAt: apiKeys.revokedAt,
      expiresAt: apiKeys.expiresAt,
      workspaceId: environments.workspaceId,
      environmentId: environments.id,
      mode: environments.mode,
      allowedOrigins: environments.allowedOrigins,
      sealedSecret: environments.widgetSecret,
    })
    .from(apiKeys)
    .innerJoin(environments, eq(environments.id, apiKeys.environmentId))
    .where(eq(apiKeys.keyHash, await sha256Hex(key)))
    .get();
  if (row?.role !== 'publishable' || row.revokedAt) return null;
  if (row.expiresAt && new Date(row.expiresAt) <= now) return null;
  const { role: _role, revokedAt: _revoked, expiresAt: _expires, ...access } = row;
  return access;
}
