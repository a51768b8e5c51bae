import { eq } from 'drizzle-orm';
import { campaigns, type Environment, environments } from '../../db/schema';
import { publicUrlProblem } from '../../domain/landing-url';
import { allowedOriginProblem, canonicalOrigin } from '../../domain/widget/allowed-origins';
import { validationError } from '../../lib/errors';
import type { ServiceContext } from '../../lib/service-context';
import { invalidateCampaign } from '../share-links/links';

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
  const [updated] = await ctx.db.update(environments).set({ fallbackUrl }).where(eq(environments.id, ctx.caller.environmentId)).returning();
  if (!updated) throw new Error(`environment ${ctx.caller.environmentId} of an authenticated key is missing`);
  // Share links cache the environment's fallback with each campaign's record (services/share-links/links.ts).
  const ids = await ctx.db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.environmentId, updated.id));
  await Promise.all(ids.map(({ id }) => invalidateCampaign(ctx.env, id)));
  return updated;
}
