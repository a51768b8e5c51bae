import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { environments, inboundHooks } from '../../db/schema';
import type { Caller } from '../../env';
import { newHookToken, sha256Hex } from '../../lib/crypto';
import type { ServiceContext } from '../../lib/service-context';
import { auditInsert } from '../../outbox/audit';

const hookUrl = (origin: string, token: string) => `${origin}/hooks/${token}/qualify`;

/** What the environment's inbound hook looks like; the token itself is shown only when issued. */
export async function getInboundHook(ctx: ServiceContext) {
  const row = await ctx.db.select().from(inboundHooks).where(eq(inboundHooks.environmentId, ctx.caller.environmentId)).get();
  return { object: 'inbound_hook' as const, configured: !!row, token_prefix: row?.tokenPrefix ?? null, url: null, token: null, created_at: row?.createdAt ?? null };
}

/** Issues a new token (the old one stops working at once) and shows it, with its URL, this once. */
export async function rotateInboundHook(ctx: ServiceContext) {
  const token = newHookToken();
  const now = new Date().toISOString();
  const row = { environmentId: ctx.caller.environmentId, tokenHash: await sha256Hex(token), tokenPrefix: token.slice(0, 10), createdAt: now };
  await ctx.db.batch([
    ctx.db
      .insert(inboundHooks)
      .values(row)
      .onConflictDoUpdate({ target: inboundHooks.environmentId, set: { tokenHash: row.tokenHash, tokenPrefix: row.tokenPrefix, createdAt: now } }),
    auditInsert(ctx.db, ctx.caller, { action: 'inbound_hook.rotated', targetType: 'inbound_hook', targetId: ctx.caller.environmentId, before: null, after: { object: 'inbound_hook', token_prefix: row.tokenPrefix, created_at: now } }, now),
  ]);
  return { object: 'inbound_hook' as const, configured: true, token_prefix: row.tokenPrefix, url: hookUrl(ctx.origin, token), token, created_at: now };
}

/** The environment a hook token belongs to, as a caller the services understand; undefined if unknown. */
export async function hookCaller(db: Db, token: string): Promise<Caller | undefined> {
  if (!/^hk_[0-9A-Za-z]{40}$/.test(token)) return undefined;
  const row = await db
    .select({ environmentId: inboundHooks.environmentId, workspaceId: environments.workspaceId, mode: environments.mode })
    .from(inboundHooks)
    .innerJoin(environments, eq(environments.id, inboundHooks.environmentId))
    .where(eq(inboundHooks.tokenHash, await sha256Hex(token)))
    .get();
  return row ? { environmentId: row.environmentId, workspaceId: row.workspaceId, mode: row.mode, keyId: 'inbound-hook', role: 'standard', scopes: ['referrals:write'] } : undefined;
}
