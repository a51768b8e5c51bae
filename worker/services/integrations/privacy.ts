import { and, eq, inArray, isNull, like } from 'drizzle-orm';
import { billingCustomers, billingPayments, users } from '../../db/schema';
import type { BillingAction } from '../../domain/integrations/billing-action';
import type { ServiceContext } from '../../lib/service-context';
import { eraseUser } from '../privacy/erase';
import type { Applied } from './applied';
import type { Provider } from './connections';

type PrivacyAction = Extract<BillingAction, { kind: 'redact-customer' | 'redact-shop' | 'data-request' }>;

/** Users of this environment with one of these external ids (live ones only). */
async function usersNamed(ctx: ServiceContext, externalIds: string[]) {
  if (!externalIds.length) return [];
  return ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.environmentId, ctx.caller.environmentId), isNull(users.deletedAt), inArray(users.externalId, externalIds)))
    .all();
}

/**
 * Shopify's mandatory privacy webhooks, acted on with Referrio's own erasure (`eraseUser`, as
 * `DELETE /v1/users/{id}` does). A data request is answered (200) and recorded with the user's id:
 * the shop exports it with `GET /v1/users/{id}` for the customer; Referrio sends nothing to Shopify.
 */
export async function applyPrivacyAction(ctx: ServiceContext, provider: Provider, action: PrivacyAction): Promise<Applied> {
  const environmentId = ctx.caller.environmentId;
  if (action.kind === 'data-request') {
    const found = await usersNamed(ctx, action.refereeExternalIds);
    return found.length ? { outcome: 'matched', reason: `data request: export user ${found.map((u) => u.id).join(', ')}` } : { outcome: 'unmatched', reason: 'unknown customer: Referrio holds no data on them' };
  }
  if (action.kind === 'redact-customer') {
    const found = await usersNamed(ctx, action.refereeExternalIds);
    for (const user of found) await eraseUser(ctx, user.id);
    await ctx.db
      .delete(billingCustomers)
      .where(and(eq(billingCustomers.environmentId, environmentId), eq(billingCustomers.provider, provider), eq(billingCustomers.customerId, action.customerId)));
    return found.length ? { outcome: 'matched', reason: `erased ${found.length} user(s)` } : { outcome: 'unmatched', reason: 'unknown customer: nothing to erase' };
  }
  // The shop uninstalled 48 hours ago: every customer Referrio learned from it is erased.
  const prefix = `${provider}:`;
  const found = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.environmentId, environmentId), isNull(users.deletedAt), like(users.externalId, `${prefix}%`)))
    .all();
  for (const user of found) await eraseUser(ctx, user.id);
  await ctx.db.batch([
    ctx.db.delete(billingCustomers).where(and(eq(billingCustomers.environmentId, environmentId), eq(billingCustomers.provider, provider))),
    ctx.db.delete(billingPayments).where(and(eq(billingPayments.environmentId, environmentId), eq(billingPayments.provider, provider))),
  ]);
  return { outcome: 'matched', reason: `shop redacted: erased ${found.length} user(s)` };
}
