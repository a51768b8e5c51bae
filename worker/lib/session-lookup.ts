import { and, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { admins, environments, sessions, workspaces } from '../db/schema';
import { ALL_SCOPES } from '../domain/scopes';
import type { CachedCredential } from './credential-cache';
import { sha256Hex, timingSafeEqual } from './crypto';

/**
 * The dashboard session as the auth middleware reads it. Opening and closing sessions is the
 * access service's (worker/services/access/sessions.ts); looking one up is plumbing the
 * middleware needs, so it lives here, below the services.
 */

export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface SessionView {
  admin: { id: string; email: string };
  workspace: { id: string; name: string };
  csrf_token: string;
  expires_at: string;
}

/** The live session for a cookie's token, or null. */
export async function findSession(db: Db, token: string): Promise<SessionView | null> {
  const row = await db
    .select({ session: sessions, email: admins.email, workspaceName: workspaces.name })
    .from(sessions)
    .innerJoin(admins, eq(admins.id, sessions.adminId))
    .innerJoin(workspaces, eq(workspaces.id, sessions.workspaceId))
    .where(and(eq(sessions.tokenHash, await sha256Hex(token)), gt(sessions.expiresAt, new Date().toISOString())))
    .get();
  if (!row) return null;
  return {
    admin: { id: row.session.adminId, email: row.email },
    workspace: { id: row.session.workspaceId, name: row.workspaceName },
    csrf_token: row.session.csrfToken,
    expires_at: row.session.expiresAt,
  };
}

/**
 * What the auth middleware needs from a live session, in one query: the admin, the CSRF token
 * and the caller for each of the workspace's environments.
 */
export async function findSessionCredential(db: Db, tokenHash: string): Promise<CachedCredential | null> {
  const rows = await db
    .select({ session: sessions, email: admins.email, environmentId: environments.id, mode: environments.mode })
    .from(sessions)
    .innerJoin(admins, eq(admins.id, sessions.adminId))
    .innerJoin(environments, eq(environments.workspaceId, sessions.workspaceId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, new Date().toISOString())))
    .all();
  const first = rows[0];
  if (!first) return null;
  const callers: CachedCredential['callers'] = {};
  for (const r of rows) callers[r.mode] = { workspaceId: r.session.workspaceId, environmentId: r.environmentId, mode: r.mode, keyId: r.session.adminId, role: 'admin', scopes: ALL_SCOPES, actor: { type: 'admin', label: r.email } };
  return { callers, expiresAt: first.session.expiresAt, csrfToken: first.session.csrfToken };
}

export async function environmentOf(db: Db, workspaceId: string, mode: 'live' | 'test') {
  return db
    .select({ id: environments.id })
    .from(environments)
    .where(and(eq(environments.workspaceId, workspaceId), eq(environments.mode, mode)))
    .get();
}

export const csrfMatches = (sent: string | undefined, expected: string) => !!sent && timingSafeEqual(sent, expected);
