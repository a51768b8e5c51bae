import { MAX_MINOR_UNITS } from '../money';
import type { RewardSpec, Rule } from './schema';

/**
 * The rules engine as a pure function: an event, the campaign's rules and the
 * referrer's counters in, reward drafts and counter changes out. The campaign's
 * Durable Object supplies the state and applies the changes atomically.
 */
export interface EvaluationEvent {
  type: string;
  amount: number | null;
  currency: string | null;
  occurredAt: string;
  metadata: Record<string, unknown>;
  hasReferee: boolean;
  refereeSignedUpAt: string | null;
  /** Earlier sales by this referee in this campaign. */
  refereePriorSales: number;
}

export interface CampaignWindow {
  status: 'draft' | 'live' | 'paused' | 'ended';
  startsAt: string | null;
  endsAt: string | null;
  /** At most one line per currency; empty: no budget (rewards in any currency are paid). */
  budgets: BudgetLine[];
}

/** One currency's budget: total cash and credit in that currency, minor units. */
export interface BudgetLine {
  currency: string;
  amount: number;
}

/** Minor units charged so far, per budget currency. */
export type BudgetSpent = Record<string, number>;

export interface RuleCounters {
  /** Qualifying referrals of this referrer under this rule, before this event. */
  qualifying: number;
  /** Rewards this referrer has received under this rule, before this event. */
  rewarded: number;
}

export interface EvaluationState {
  budgetSpent: BudgetSpent;
  counters: (ruleId: string) => RuleCounters;
}

export interface RewardDraft {
  ruleId: string;
  recipient: 'referrer' | 'referee';
  type: 'cash' | 'credit' | 'points' | 'voucher';
  amount: number | null;
  currency: string | null;
  points: number | null;
  voucherPoolId: string | null;
  status: 'pending' | 'approved';
  statusReason: string | null;
  holdDays: number;
  /** A percentage of the sale: a partial refund reduces it in proportion (docs/ledger.md). */
  proportional?: boolean;
}

export interface Outcome {
  rule_id: string | null;
  reason: string;
}

export interface Evaluation {
  rewards: RewardDraft[];
  /** One entry per rule the event triggered: `rewarded`, or why not. */
  outcomes: Outcome[];
  counterChanges: { ruleId: string; qualifying: number; rewarded: number }[];
  /** Spent per currency after this event (only currencies the event or the state touched). */
  budgetSpent: BudgetSpent;
}

const DAY_MS = 86_400_000;

export function campaignInactiveReason(campaign: CampaignWindow, occurredAt: string): string | null {
  if (campaign.status === 'paused') return 'campaign_paused';
  if (campaign.status === 'draft') return 'campaign_draft';
  if (campaign.status === 'ended') return 'campaign_ended';
  if (campaign.startsAt && occurredAt < campaign.startsAt) return 'campaign_not_started';
  if (campaign.endsAt && occurredAt >= campaign.endsAt) return 'campaign_ended';
  return null;
}

export function evaluate(event: EvaluationEvent, rules: Rule[], campaign: CampaignWindow, state: EvaluationState): Evaluation {
  const result: Evaluation = { rewards: [], outcomes: [], counterChanges: [], budgetSpent: { ...state.budgetSpent } };
  const triggered = rules.filter((r) => r.trigger === event.type);
  const inactive = campaignInactiveReason(campaign, event.occurredAt);
  if (inactive) {
    result.outcomes = triggered.length ? triggered.map((r) => ({ rule_id: r.id, reason: inactive })) : [{ rule_id: null, reason: inactive }];
    return result;
  }
  if (!triggered.length) result.outcomes.push({ rule_id: null, reason: 'no_matching_rule' });

  for (const rule of triggered) {
    const unmet = unmetCondition(rule, event);
    if (unmet) {
      result.outcomes.push({ rule_id: rule.id, reason: unmet });
      continue;
    }
    const before = state.counters(rule.id);
    const nth = before.qualifying + 1;
    const change = { ruleId: rule.id, qualifying: 1, rewarded: 0 };
    result.counterChanges.push(change);

    if (rule.max_rewards_per_referrer !== undefined && before.rewarded >= rule.max_rewards_per_referrer) {
      result.outcomes.push({ rule_id: rule.id, reason: 'cap_reached' });
      continue;
    }
    if (rule.milestone && (rule.milestone.every ? nth % rule.milestone.n !== 0 : nth !== rule.milestone.n)) {
      result.outcomes.push({ rule_id: rule.id, reason: 'milestone_not_reached' });
      continue;
    }

    const referrerSpec = rule.tiers?.filter((t) => nth >= t.from).sort((a, b) => b.from - a.from)[0]?.referrer ?? rule.recipients.referrer;
    const drafts: RewardDraft[] = [];
    const skipped: string[] = [];
    for (const [recipient, spec] of [['referrer', referrerSpec], ['referee', rule.recipients.referee]] as const) {
      if (!spec) continue;
      if (recipient === 'referee' && !event.hasReferee) {
        skipped.push('no_referee');
        continue;
      }
      const draft = draftReward(rule, recipient, spec, event);
      if (typeof draft === 'string') skipped.push(draft);
      else drafts.push(draft);
    }
    if (!drafts.length) {
      result.outcomes.push({ rule_id: rule.id, reason: skipped[0] ?? 'no_reward' });
      continue;
    }

    // Budgets are per currency, never converted: a cash or credit reward in a currency with no
    // budget line is refused (never paid outside the budget) when the campaign has budgets.
    const budgets = campaign.budgets;
    if (budgets.length && drafts.some((d) => (d.type === 'cash' || d.type === 'credit') && !budgets.some((b) => b.currency === d.currency))) {
      result.outcomes.push({ rule_id: rule.id, reason: 'currency_mismatch' });
      continue;
    }
    const cost = budgetCost(drafts, budgets);
    if (budgets.some((b) => (result.budgetSpent[b.currency] ?? 0) + (cost[b.currency] ?? 0) > b.amount)) {
      result.outcomes.push({ rule_id: rule.id, reason: 'budget_exhausted' });
      continue;
    }
    for (const [currency, amount] of Object.entries(cost)) result.budgetSpent[currency] = (result.budgetSpent[currency] ?? 0) + amount;
    if (drafts.some((d) => d.recipient === 'referrer')) change.rewarded = 1;
    result.rewards.push(...drafts);
    result.outcomes.push({ rule_id: rule.id, reason: 'rewarded' });
  }
  return result;
}

function unmetCondition(rule: Rule, event: EvaluationEvent): string | null {
  const c = rule.conditions;
  if (!c) return null;
  if ((c.min_amount !== undefined || c.max_amount !== undefined) && event.amount === null) return 'no_amount';
  if (c.min_amount !== undefined && (event.amount ?? 0) < c.min_amount) return 'below_min_amount';
  if (c.max_amount !== undefined && (event.amount ?? 0) > c.max_amount) return 'above_max_amount';
  if (c.currency !== undefined && event.currency !== c.currency) return 'currency_mismatch';
  // Without a referee nobody can tell a first purchase: not met.
  if (c.first_purchase_only && !event.hasReferee) return 'no_referee';
  if (c.first_purchase_only && event.refereePriorSales > 0) return 'not_first_purchase';
  if (c.within_days_of_signup !== undefined) {
    if (!event.refereeSignedUpAt) return 'no_referee_signup';
    const elapsed = Date.parse(event.occurredAt) - Date.parse(event.refereeSignedUpAt);
    if (elapsed > c.within_days_of_signup * DAY_MS) return 'outside_signup_window';
  }
  for (const [key, value] of Object.entries(c.metadata_equals ?? {})) {
    if (event.metadata[key] !== value) return 'metadata_mismatch';
  }
  return null;
}

function draftReward(rule: Rule, recipient: 'referrer' | 'referee', spec: RewardSpec, event: EvaluationEvent): RewardDraft | string {
  const base = { ruleId: rule.id, recipient, amount: null, currency: null, points: null, voucherPoolId: null, holdDays: 0 };
  const money = (type: 'cash' | 'credit', amount: number, currency: string): RewardDraft => {
    const held = rule.hold_days > 0;
    const manual = rule.approval === 'manual';
    return {
      ...base,
      type,
      amount,
      currency,
      holdDays: rule.hold_days,
      status: held || manual ? 'pending' : 'approved',
      statusReason: manual ? 'awaiting_approval' : held ? 'on_hold' : null,
    };
  };
  const approval = rule.approval === 'manual' ? { status: 'pending' as const, statusReason: 'awaiting_approval' } : { status: 'approved' as const, statusReason: null };
  switch (spec.type) {
    case 'cash':
      return money('cash', spec.amount, spec.currency);
    case 'credit':
      return money('credit', spec.amount, spec.currency);
    case 'percentage': {
      if (event.amount === null || !event.currency) return 'no_amount';
      // Basis points keep the arithmetic in integers: 12.5% of 999 cents is 124, never 124.875.
      // Split the amount so no product passes 2^53 (1e12 cents × 10,000 bp would round).
      const bp = Math.round(spec.percent * 100);
      const raw = Math.floor(event.amount / 10_000) * bp + Math.floor(((event.amount % 10_000) * bp) / 10_000);
      // Capped by the spec's max_amount and by the amount maximum every reward obeys.
      return { ...money('cash', Math.min(raw, spec.max_amount ?? MAX_MINOR_UNITS, MAX_MINOR_UNITS), event.currency), proportional: true };
    }
    case 'points':
      return { ...base, type: 'points', points: spec.points, ...approval };
    case 'voucher':
      // The code is drawn when the reward is written; with manual approval it stays pending
      // (`awaiting_approval`) with its code reserved until an admin approves it.
      return { ...base, type: 'voucher', voucherPoolId: spec.pool_id, status: 'pending', statusReason: rule.approval === 'manual' ? 'awaiting_approval' : 'awaiting_voucher' };
  }
}

/** THE budget-charge rule: cash and credit in a currency with a budget line count against that line; points and vouchers do not. */
export function budgetCharge(draft: RewardDraft, budgets: BudgetLine[]): number {
  return (draft.type === 'cash' || draft.type === 'credit') && budgets.some((b) => b.currency === draft.currency) ? (draft.amount ?? 0) : 0;
}

/** What these drafts charge, per budget currency (lines with nothing charged are left out). */
function budgetCost(drafts: RewardDraft[], budgets: BudgetLine[]): BudgetSpent {
  const cost: BudgetSpent = {};
  for (const d of drafts) {
    const charge = budgetCharge(d, budgets);
    if (charge > 0 && d.currency) cost[d.currency] = (cost[d.currency] ?? 0) + charge;
  }
  return cost;
}
