import { and, eq } from 'drizzle-orm';
import { inValues } from '../../db/d1-limits';
import type { Db } from '../../db/client';
import { voucherPools } from '../../db/schema';
import type { RewardSpec, Rule } from '../../domain/rules/schema';
import { type FieldError, unprocessable } from '../../lib/errors';

/** Every voucher pool a rule list names, with the field that names it. */
function poolReferences(rules: Rule[]): { field: string; poolId: string }[] {
  const refs: { field: string; poolId: string }[] = [];
  const add = (field: string, spec: RewardSpec | undefined) => {
    if (spec?.type === 'voucher') refs.push({ field: `${field}.pool_id`, poolId: spec.pool_id });
  };
  rules.forEach((rule, i) => {
    add(`rules[${i}].recipients.referrer`, rule.recipients.referrer);
    add(`rules[${i}].recipients.referee`, rule.recipients.referee);
    for (const [j, tier] of (rule.tiers ?? []).entries()) add(`rules[${i}].tiers[${j}].referrer`, tier.referrer);
  });
  return refs;
}

/**
 * Rules may only draw vouchers from pools of the campaign's own environment: a pool id that
 * does not exist here would leave every reward of the rule waiting (`pool_empty`) forever.
 */
export async function checkRuleReferences(db: Db, environmentId: string, rules: Rule[]): Promise<void> {
  const refs = poolReferences(rules);
  const ids = [...new Set(refs.map((r) => r.poolId))];
  if (!ids.length) return;
  const found = new Set<string>();
  const rows = await db
    .select({ id: voucherPools.id })
    .from(voucherPools)
    .where(and(eq(voucherPools.environmentId, environmentId), inValues(voucherPools.id, ids)));
  for (const row of rows) found.add(row.id);
  const errors: FieldError[] = refs.filter((r) => !found.has(r.poolId)).map((r) => ({ field: r.field, message: `No voucher pool '${r.poolId}' in this environment.` }));
  if (errors.length) throw unprocessable('unknown-reference', 'Unknown voucher pool', errors.map((e) => e.message).join(' '), errors);
}
