import { eq } from 'drizzle-orm';
import { environments } from '../../db/schema';
import type { Bindings } from '../../env';
import { newWidgetSecret } from '../../lib/crypto';
import { internalError } from '../../lib/errors';
import { seal, unseal } from '../../lib/sealed';
import type { ServiceContext } from '../../lib/service-context';

/** Local tools run with APP_ENV=development and need no configuration; a deployment sets the Worker secret. */
const DEVELOPMENT_SEALING_KEY = 'referrio-development-widget-sealing-key';

function sealingKey(env: Bindings): string {
  if (env.WIDGET_SEALING_KEY) return env.WIDGET_SEALING_KEY;
  if (env.APP_ENV === 'development') return DEVELOPMENT_SEALING_KEY;
  throw internalError('widget-not-configured', 'Widget not configured', 'Set the WIDGET_SEALING_KEY Worker secret (`wrangler secret put WIDGET_SEALING_KEY`) to use the referral widget.');
}

const context = (environmentId: string) => `widget-secret ${environmentId}`;

/**
 * Issues a new widget secret for the caller's environment and returns it once; D1 keeps it sealed
 * under the Worker's WIDGET_SEALING_KEY. Tokens signed with the previous secret stop working at once
 * (they live minutes, so shops switch by deploying the new secret).
 */
export async function rotateWidgetSecret(ctx: ServiceContext) {
  const secret = newWidgetSecret();
  const at = new Date().toISOString();
  const prefix = secret.slice(0, 7);
  await ctx.db
    .update(environments)
    .set({ widgetSecret: await seal(secret, sealingKey(ctx.env), context(ctx.caller.environmentId)), widgetSecretPrefix: prefix, widgetSecretCreatedAt: at })
    .where(eq(environments.id, ctx.caller.environmentId))
    .run();
  return { object: 'widget_secret' as const, secret, prefix, created_at: at };
}

/** The plain secret, or null when the environment has none (or it was sealed under another key). */
export async function openWidgetSecret(env: Bindings, environmentId: string, sealed: string | null): Promise<string | null> {
  if (!sealed) return null;
  return unseal(sealed, sealingKey(env), context(environmentId));
}
