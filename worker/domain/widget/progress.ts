import type { Rule } from '../rules/schema';

/**
 * The referrer's way to their next milestone or tier, from the campaign's rules: the smallest
 * threshold above their qualified referrals (an "every N" milestone repeats). Null when the
 * rules have no milestone or tier ahead.
 */
export function nextMilestone(rules: Rule[], qualified: number): { target: number; kind: 'milestone' | 'tier'; rule_id: string } | null {
  let best: { target: number; kind: 'milestone' | 'tier'; rule_id: string } | null = null;
  const consider = (target: number, kind: 'milestone' | 'tier', ruleId: string) => {
    if (target > qualified && (!best || target < best.target)) best = { target, kind, rule_id: ruleId };
  };
  for (const rule of rules) {
    if (rule.milestone) {
      const { n, every } = rule.milestone;
      consider(every ? (Math.floor(qualified / n) + 1) * n : n, 'milestone', rule.id);
    }
    // A tier applies from its `from`-th referral: reaching it means `from` referrals.
    for (const tier of rule.tiers ?? []) consider(tier.from, 'tier', rule.id);
  }
  return best;
}
