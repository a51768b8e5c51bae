import { eq, type SQL, sql } from 'drizzle-orm';
import { auditLog, campaigns, type Environment, environments } from '../../db/schema';
import { publicUrlProblem } from '../../domain/landing-url';
import { allowedOriginProblem, canonicalOrigin } from '../../domain/widget/allowed-origins';
import { validationError } from '../../lib/errors';
import type { ServiceContext } from '../../lib/service-context';
import { auditRow } from '../../outbox/audit';
import { invalidateCampaigns } from '../share-links/links';

export const toEnvironmentResource = (e: Environment) => ({
  id: e.id,
  object: 'environment' as const,
  mode: e.mode,
  fallback_url: e.fallbackUrl,
  allowed_origins: e.allowedOrigins,
  widget_secret: e.widgetSecretPrefix ? { prefix: e.widgetSecretPrefix, created_at: e.widgetSecretCreatedAt } : null,
  created_at: e.createdAt,
});

/** The caller's own environment: an API key belongs to exactly one. */
export async function getEnvironment(ctx: ServiceContext): Promise<Environment> {
  const row = await ctx.db.select().from(environments).where(eq(environments.id, ctx.caller.environmentId)).get();
  if (!row) throw new Error(`environment ${ctx.caller.environmentId} of an authenticated key is missing`);
  return row;
}

export interface EnvironmentInput {
  fallback_url?: string | null;
  allowed_origins?: string[];
}

const ENVIRONMENT_JSON = (fallback: SQL) => sql`json_object('id', id, 'object', 'environment', 'mode', mode, 'fallback_url', ${fallback}, 'created_at', created_at)`;

function environmentAudit(ctx: ServiceContext, fallbackUrl: string | null) {
  const r = auditRow(ctx.caller, { action: 'environment.updated', targetType: 'environment', targetId: ctx.caller.environmentId, before: null, after: null }, new Date().toISOString());
  return ctx.db.insert(auditLog).select(sql`SELECT ${r.id}, ${r.environmentId}, ${r.action}, ${r.targetType}, ${r.targetId}, ${r.actorType}, ${r.actorId}, ${r.actor},
      ${ENVIRONMENT_JSON(sql`fallback_url`)}, ${ENVIRONMENT_JSON(sql`${fallbackUrl}`)}, ${r.ip}, ${r.userAgent}, ${r.requestId}, ${r.createdAt}
    FROM environments WHERE id = ${ctx.caller.environmentId}`);
}

export async function updateEnvironment(ctx: ServiceContext, input: EnvironmentInput): Promise<Environment> {
  if (input.allowed_origins !== undefined) {
    const origins = input.allowed_origins;
    const errors = origins.flatMap((o, i) => {
      const problem = allowedOriginProblem(o, ctx.env.APP_ENV === 'development');
      return problem ? [{ field: `allowed_origins.${i}`, message: problem }] : [];
    });
    if (errors.length) throw validationError(errors);
    const allowedOrigins = [...new Set(origins.map(canonicalOrigin))];
    const [updated] = await ctx.db.update(environments).set({ allowedOrigins }).where(eq(environments.id, ctx.caller.environmentId)).returning();
    if (input.fallback_url === undefined) return updated as Environment;
  }
  if (input.fallback_url === undefined) return getEnvironment(ctx);
  const fallbackUrl = input.fallback_url || null;
  const problem = fallbackUrl ? publicUrlProblem(fallbackUrl, ctx.env.APP_ENV === 'development') : null;
  if (problem) throw validationError([{ field: 'fallback_url', message: problem }]);
  // The audit record reads the row as it was before the update, in the same batch: no extra round trip.
  const [, [updated]] = await ctx.db.batch([
    environmentAudit(ctx, fallbackUrl),
    ctx.db.update(environments).set({ fallbackUrl }).where(eq(environments.id, ctx.caller.environmentId)).returning(),
  ]);
  if (!updated) throw new Error(`environment ${ctx.caller.environmentId} of an authenticated key is missing`);
  // Share links cache the environment's fallback with each campaign's record (services/share-links/links.ts).
  const ids = await ctx.db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.environmentId, updated.id));
  await invalidateCampaigns(ctx.env, ids.map(({ id }) => id));
  return updated;
}
