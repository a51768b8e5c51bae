import { describe, expect, it } from 'vitest';
import type { CampaignWindow, EvaluationEvent, EvaluationState, RuleCounters } from '../../worker/domain/rules/evaluate';
import { evaluate } from '../../worker/domain/rules/evaluate';
import { RuleSchema, RulesSchema } from '../../worker/domain/rules/schema';

const DAY_MS = 86_400_000;
const SIGNUP = '2025-05-01T00:00:00.000Z';
const cash = (amount: number, currency = 'USD') => ({ type: 'cash', amount, currency });
const pct = (percent: number, max_amount?: number) => ({ type: 'percentage', percent, ...(max_amount === undefined ? {} : { max_amount }) });

/** Rules go through the schema, as they do in the API, so defaults (approval, hold_days) apply. */
const rules = (...list: Record<string, unknown>[]) => RulesSchema.parse(list.map((r, i) => ({ id: `r${i + 1}`, trigger: 'sale', recipients: { referrer: cash(500) }, ...r })));

const event = (overrides: Partial<EvaluationEvent> = {}): EvaluationEvent => ({
  type: 'sale',
  amount: 10_000,
  currency: 'USD',
  occurredAt: '2025-06-01T00:00:00.000Z',
  metadata: {},
  hasReferee: true,
  refereeSignedUpAt: SIGNUP,
  refereePriorSales: 0,
  ...overrides,
});

const LIVE: CampaignWindow = { status: 'live', startsAt: null, endsAt: null, budgets: [] };
const state = (counters: Partial<RuleCounters> = {}, budgetSpent: EvaluationState['budgetSpent'] = {}): EvaluationState => ({
  budgetSpent,
  counters: () => ({ qualifying: 0, rewarded: 0, ...counters }),
});

const run = (ruleList: Record<string, unknown>[], ev: Partial<EvaluationEvent> = {}, campaign: Partial<CampaignWindow> = {}, st = state()) =>
  evaluate(event(ev), rules(...ruleList), { ...LIVE, ...campaign }, st);
const reasons = (result: ReturnType<typeof evaluate>) => result.outcomes.map((o) => o.reason);
const amounts = (result: ReturnType<typeof evaluate>) => result.rewards.map((r) => r.amount);

describe('evaluate: triggers', () => {
  it('rewards a rule whose trigger matches the event type', () => {
    const result = run([{}]);
    expect(result.outcomes).toEqual([{ rule_id: 'r1', reason: 'rewarded' }]);
    expect(result.rewards).toEqual([
      { ruleId: 'r1', recipient: 'referrer', type: 'cash', amount: 500, currency: 'USD', points: null, voucherPoolId: null, status: 'approved', statusReason: null, holdDays: 0 },
    ]);
  });

  it('ignores rules with another trigger', () => {
    const result = run([{ trigger: 'signup' }, { trigger: 'sale' }]);
    expect(result.outcomes).toEqual([{ rule_id: 'r2', reason: 'rewarded' }]);
    expect(result.rewards.map((r) => r.ruleId)).toEqual(['r2']);
  });

  it('answers no_matching_rule when no rule triggers', () => {
    const result = run([{ trigger: 'signup' }]);
    expect(result.outcomes).toEqual([{ rule_id: null, reason: 'no_matching_rule' }]);
    expect(result.rewards).toEqual([]);
    expect(result.counterChanges).toEqual([]);
  });
});

describe('evaluate: amount conditions', () => {
  it('qualifies a sale of exactly min_amount', () => {
    expect(reasons(run([{ conditions: { min_amount: 5000 } }], { amount: 5000 }))).toEqual(['rewarded']);
  });

  it('rejects a sale one cent below min_amount', () => {
    const result = run([{ conditions: { min_amount: 5000 } }], { amount: 4999 });
    expect(reasons(result)).toEqual(['below_min_amount']);
    expect(result.counterChanges).toEqual([]);
  });

  it('qualifies a sale of exactly max_amount', () => {
    expect(reasons(run([{ conditions: { max_amount: 5000 } }], { amount: 5000 }))).toEqual(['rewarded']);
  });

  it('rejects a sale one cent above max_amount', () => {
    expect(reasons(run([{ conditions: { max_amount: 5000 } }], { amount: 5001 }))).toEqual(['above_max_amount']);
  });

  it('answers no_amount when an amount condition meets an event without amount', () => {
    expect(reasons(run([{ conditions: { min_amount: 0 } }], { amount: null }))).toEqual(['no_amount']);
  });

  it('qualifies a matching currency (given in lower case in the rule)', () => {
    expect(reasons(run([{ conditions: { currency: 'usd' } }], { currency: 'USD' }))).toEqual(['rewarded']);
  });

  it('rejects another currency', () => {
    expect(reasons(run([{ conditions: { currency: 'USD' } }], { currency: 'EUR' }))).toEqual(['currency_mismatch']);
  });
});

describe('evaluate: referee conditions', () => {
  it('qualifies a first purchase (no prior sales)', () => {
    expect(reasons(run([{ conditions: { first_purchase_only: true } }], { refereePriorSales: 0 }))).toEqual(['rewarded']);
  });

  it('rejects a second purchase when first_purchase_only', () => {
    expect(reasons(run([{ conditions: { first_purchase_only: true } }], { refereePriorSales: 1 }))).toEqual(['not_first_purchase']);
  });

  it('qualifies a sale exactly N days after signup', () => {
    const occurredAt = new Date(Date.parse(SIGNUP) + 30 * DAY_MS).toISOString();
    expect(reasons(run([{ conditions: { within_days_of_signup: 30 } }], { occurredAt }))).toEqual(['rewarded']);
  });

  it('rejects a sale N days and 1 ms after signup', () => {
    const occurredAt = new Date(Date.parse(SIGNUP) + 30 * DAY_MS + 1).toISOString();
    expect(reasons(run([{ conditions: { within_days_of_signup: 30 } }], { occurredAt }))).toEqual(['outside_signup_window']);
  });

  it('answers no_referee_signup when the signup window cannot be checked', () => {
    expect(reasons(run([{ conditions: { within_days_of_signup: 30 } }], { refereeSignedUpAt: null }))).toEqual(['no_referee_signup']);
  });

  it('qualifies when every metadata_equals entry matches', () => {
    const result = run([{ conditions: { metadata_equals: { plan: 'pro', seats: 5, annual: true } } }], { metadata: { plan: 'pro', seats: 5, annual: true, extra: 'x' } });
    expect(reasons(result)).toEqual(['rewarded']);
  });

  it('rejects when a metadata_equals entry differs in value or type', () => {
    const result = run([{ conditions: { metadata_equals: { plan: 'pro', seats: 5 } } }], { metadata: { plan: 'pro', seats: '5' } });
    expect(reasons(result)).toEqual(['metadata_mismatch']);
  });
});

describe('evaluate: recipients', () => {
  it('rewards only the referrer', () => {
    expect(run([{ recipients: { referrer: cash(500) } }]).rewards.map((r) => r.recipient)).toEqual(['referrer']);
  });

  it('rewards only the referee', () => {
    expect(run([{ recipients: { referee: cash(300) } }]).rewards.map((r) => [r.recipient, r.amount])).toEqual([['referee', 300]]);
  });

  it('rewards both sides, each with its own reward', () => {
    const result = run([{ recipients: { referrer: cash(500), referee: { type: 'credit', amount: 1000, currency: 'USD' } } }]);
    expect(result.rewards.map((r) => [r.recipient, r.type, r.amount])).toEqual([
      ['referrer', 'cash', 500],
      ['referee', 'credit', 1000],
    ]);
  });

  it('answers no_referee for a referee-only rule when the event has no referee', () => {
    const result = run([{ recipients: { referee: cash(300) } }], { hasReferee: false });
    expect(result.outcomes).toEqual([{ rule_id: 'r1', reason: 'no_referee' }]);
    expect(result.rewards).toEqual([]);
  });

  it('still rewards the referrer of a double-sided rule when the event has no referee', () => {
    const result = run([{ recipients: { referrer: cash(500), referee: cash(300) } }], { hasReferee: false });
    expect(result.rewards.map((r) => r.recipient)).toEqual(['referrer']);
  });
});

describe('evaluate: reward types', () => {
  it('pays a percentage in basis points, floored to an integer (12.5% of 999 = 124)', () => {
    const result = run([{ recipients: { referrer: pct(12.5) } }], { amount: 999, currency: 'EUR' });
    expect(result.rewards.map((r) => [r.type, r.amount, r.currency])).toEqual([['cash', 124, 'EUR']]);
  });

  it('pays 0.01% without float drift (0.07% of 1,000,000 = 700)', () => {
    expect(amounts(run([{ recipients: { referrer: pct(0.07) } }], { amount: 1_000_000 }))).toEqual([700]);
  });

  it('stays exact where amount × basis points passes 2^53 (99.99% of 999,999,990,001)', () => {
    expect(amounts(run([{ recipients: { referrer: pct(99.99) } }], { amount: 999_999_990_001 }))).toEqual([999_899_990_001]);
  });

  it('caps a percentage at max_amount', () => {
    expect(amounts(run([{ recipients: { referrer: pct(10, 2000) } }], { amount: 50_000 }))).toEqual([2000]);
  });

  it('pays a percentage below its cap in full', () => {
    expect(amounts(run([{ recipients: { referrer: pct(10, 2000) } }], { amount: 19_999 }))).toEqual([1999]);
  });

  it('answers no_amount for a percentage of an event without amount', () => {
    expect(reasons(run([{ recipients: { referrer: pct(10) } }], { amount: null, currency: null }))).toEqual(['no_amount']);
  });

  it('grants account credit', () => {
    const result = run([{ recipients: { referrer: { type: 'credit', amount: 700, currency: 'GBP' } } }]);
    expect(result.rewards.map((r) => [r.type, r.amount, r.currency, r.status])).toEqual([['credit', 700, 'GBP', 'approved']]);
  });

  it('grants points', () => {
    const result = run([{ recipients: { referrer: { type: 'points', points: 250 } } }]);
    expect(result.rewards.map((r) => [r.type, r.points, r.amount, r.currency, r.status])).toEqual([['points', 250, null, null, 'approved']]);
  });

  it('leaves a voucher pending awaiting_voucher', () => {
    const result = run([{ recipients: { referrer: { type: 'voucher', pool_id: 'pool_1' } } }]);
    expect(result.rewards.map((r) => [r.type, r.voucherPoolId, r.status, r.statusReason])).toEqual([['voucher', 'pool_1', 'pending', 'awaiting_voucher']]);
  });
});

describe('evaluate: milestones and tiers', () => {
  const nth = { milestone: { every: false, n: 3 } };
  const every = { milestone: { every: true, n: 3 } };

  it('skips the referral before the Nth (counter N-2)', () => {
    expect(reasons(run([nth], {}, {}, state({ qualifying: 1 })))).toEqual(['milestone_not_reached']);
  });

  it('rewards the Nth referral (counter N-1)', () => {
    expect(reasons(run([nth], {}, {}, state({ qualifying: 2 })))).toEqual(['rewarded']);
  });

  it('does not reward the referral after the Nth (counter N)', () => {
    expect(reasons(run([nth], {}, {}, state({ qualifying: 3 })))).toEqual(['milestone_not_reached']);
  });

  it('counts a qualifying referral that misses the milestone', () => {
    expect(run([nth], {}, {}, state({ qualifying: 1 })).counterChanges).toEqual([{ ruleId: 'r1', qualifying: 1, rewarded: 0 }]);
  });

  it('rewards every Nth referral (3rd and 6th, not 4th or 5th)', () => {
    const at = (qualifying: number) => reasons(run([every], {}, {}, state({ qualifying })))[0];
    expect([1, 2, 3, 4, 5].map(at)).toEqual(['milestone_not_reached', 'rewarded', 'milestone_not_reached', 'milestone_not_reached', 'rewarded']);
  });

  const tiered = { recipients: { referrer: pct(10) }, tiers: [{ from: 6, referrer: pct(15) }] };

  it('pays the base tier on the 5th referral (counter 4 → 10%)', () => {
    expect(amounts(run([tiered], { amount: 10_000 }, {}, state({ qualifying: 4 })))).toEqual([1000]);
  });

  it('pays the next tier from the 6th referral (counter 5 → 15%)', () => {
    expect(amounts(run([tiered], { amount: 10_000 }, {}, state({ qualifying: 5 })))).toEqual([1500]);
  });

  it('picks the highest tier reached whatever the order tiers are listed in', () => {
    const rule = { tiers: [{ from: 10, referrer: cash(3000) }, { from: 3, referrer: cash(2000) }] };
    expect(amounts(run([rule], {}, {}, state({ qualifying: 9 })))).toEqual([3000]);
  });
});

describe('evaluate: max_rewards_per_referrer', () => {
  const capped = { max_rewards_per_referrer: 3 };

  it('rewards while rewarded is one below the cap', () => {
    const result = run([capped], {}, {}, state({ rewarded: 2 }));
    expect(reasons(result)).toEqual(['rewarded']);
    expect(result.counterChanges).toEqual([{ ruleId: 'r1', qualifying: 1, rewarded: 1 }]);
  });

  it('answers cap_reached at the cap', () => {
    const result = run([capped], {}, {}, state({ rewarded: 3 }));
    expect(reasons(result)).toEqual(['cap_reached']);
    expect(result.rewards).toEqual([]);
  });

  it('still counts the qualifying referral when the cap is reached', () => {
    expect(run([capped], {}, {}, state({ rewarded: 3 })).counterChanges).toEqual([{ ruleId: 'r1', qualifying: 1, rewarded: 0 }]);
  });
});

describe('evaluate: campaign budget', () => {
  const budgets = [{ currency: 'USD', amount: 10_000 }];

  it("spends the budget's last cent", () => {
    const result = run([{ recipients: { referrer: cash(500) } }], {}, { budgets }, state({}, { USD: 9_500 }));
    expect(reasons(result)).toEqual(['rewarded']);
    expect(result.budgetSpent).toEqual({ USD: 10_000 });
  });

  it('answers budget_exhausted one cent over the budget', () => {
    const result = run([{ recipients: { referrer: cash(500) } }], {}, { budgets }, state({}, { USD: 9_501 }));
    expect(reasons(result)).toEqual(['budget_exhausted']);
    expect(result.rewards).toEqual([]);
    expect(result.budgetSpent).toEqual({ USD: 9_501 });
  });

  it('counts both sides of a double-sided reward against the budget', () => {
    const result = run([{ recipients: { referrer: cash(500), referee: { type: 'credit', amount: 500, currency: 'USD' } } }], {}, { budgets }, state({}, { USD: 9_001 }));
    expect(reasons(result)).toEqual(['budget_exhausted']);
  });

  it('does not count points or vouchers against the budget', () => {
    const result = run([{ recipients: { referrer: { type: 'points', points: 100 }, referee: { type: 'voucher', pool_id: 'p' } } }], {}, { budgets }, state({}, { USD: 10_000 }));
    expect(reasons(result)).toEqual(['rewarded']);
    expect(result.budgetSpent).toEqual({ USD: 10_000 });
  });

  it('refuses a reward in a currency with no budget line (currency_mismatch), even with budget left', () => {
    const result = run([{ recipients: { referrer: cash(500, 'EUR') } }], {}, { budgets }, state({}, {}));
    expect(reasons(result)).toEqual(['currency_mismatch']);
    expect(result.rewards).toEqual([]);
    expect(result.budgetSpent).toEqual({});
  });

  it('shares the running budget between two rules of one event', () => {
    const result = run([{ recipients: { referrer: cash(300) } }, { recipients: { referrer: cash(300) } }], {}, { budgets }, state({}, { USD: 9_500 }));
    expect(result.outcomes).toEqual([
      { rule_id: 'r1', reason: 'rewarded' },
      { rule_id: 'r2', reason: 'budget_exhausted' },
    ]);
    expect(result.budgetSpent).toEqual({ USD: 9_800 });
  });
  it('charges each currency to its own line and stops each at its own cap', () => {
    const lines = [{ currency: 'USD', amount: 10_000 }, { currency: 'EUR', amount: 1_000 }];
    const rules = [{ recipients: { referrer: cash(500, 'EUR') } }, { recipients: { referrer: cash(500, 'USD') } }];
    const result = run(rules, {}, { budgets: lines }, state({}, { USD: 9_000, EUR: 600 }));
    expect(result.outcomes).toEqual([
      { rule_id: 'r1', reason: 'budget_exhausted' },
      { rule_id: 'r2', reason: 'rewarded' },
    ]);
    expect(result.budgetSpent).toEqual({ USD: 9_500, EUR: 600 });
  });

  it('refuses a rule whose two sides are in two currencies when either line is short', () => {
    const lines = [{ currency: 'USD', amount: 10_000 }, { currency: 'EUR', amount: 1_000 }];
    const result = run([{ recipients: { referrer: cash(500, 'USD'), referee: cash(500, 'EUR') } }], {}, { budgets: lines }, state({}, { EUR: 501 }));
    expect(reasons(result)).toEqual(['budget_exhausted']);
    expect(result.budgetSpent).toEqual({ EUR: 501 });
  });

  it('pays a reward in any currency when the campaign has no budget line', () => {
    const result = run([{ recipients: { referrer: cash(500, 'JPY') } }], {}, { budgets: [] }, state({}, {}));
    expect(reasons(result)).toEqual(['rewarded']);
    expect(result.budgetSpent).toEqual({});
  });
});

describe('evaluate: approval and hold', () => {
  it('leaves a manual-approval reward pending awaiting_approval', () => {
    const [reward] = run([{ approval: 'manual' }]).rewards;
    expect([reward?.status, reward?.statusReason]).toEqual(['pending', 'awaiting_approval']);
  });

  it('leaves manual-approval points pending awaiting_approval', () => {
    const [reward] = run([{ approval: 'manual', recipients: { referrer: { type: 'points', points: 5 } } }]).rewards;
    expect([reward?.status, reward?.statusReason]).toEqual(['pending', 'awaiting_approval']);
  });

  it('holds cash for hold_days, pending on_hold', () => {
    const [reward] = run([{ hold_days: 14 }]).rewards;
    expect([reward?.status, reward?.statusReason, reward?.holdDays]).toEqual(['pending', 'on_hold', 14]);
  });

  it('defaults to automatic approval with no hold', () => {
    const [reward] = run([{}]).rewards;
    expect([reward?.status, reward?.statusReason, reward?.holdDays]).toEqual(['approved', null, 0]);
  });
});

describe('evaluate: campaign window', () => {
  const startsAt = '2025-06-01T00:00:00.000Z';
  const endsAt = '2025-07-01T00:00:00.000Z';

  it.each([
    ['paused', 'campaign_paused'],
    ['draft', 'campaign_draft'],
    ['ended', 'campaign_ended'],
  ] as const)('answers a %s campaign with %s and no counter change', (status, reason) => {
    const result = run([{}], {}, { status });
    expect(result.outcomes).toEqual([{ rule_id: 'r1', reason }]);
    expect(result.rewards).toEqual([]);
    expect(result.counterChanges).toEqual([]);
  });

  it('accepts an event at exactly starts_at', () => {
    expect(reasons(run([{}], { occurredAt: startsAt }, { startsAt, endsAt }))).toEqual(['rewarded']);
  });

  it('answers campaign_not_started 1 ms before starts_at', () => {
    expect(reasons(run([{}], { occurredAt: '2025-05-31T23:59:59.999Z' }, { startsAt, endsAt }))).toEqual(['campaign_not_started']);
  });

  it('accepts an event 1 ms before ends_at', () => {
    expect(reasons(run([{}], { occurredAt: '2025-06-30T23:59:59.999Z' }, { startsAt, endsAt }))).toEqual(['rewarded']);
  });

  it('answers campaign_ended at exactly ends_at', () => {
    expect(reasons(run([{}], { occurredAt: endsAt }, { startsAt, endsAt }))).toEqual(['campaign_ended']);
  });
});

describe('evaluate: counter changes', () => {
  it('increments qualifying and rewarded for a referrer reward', () => {
    expect(run([{}]).counterChanges).toEqual([{ ruleId: 'r1', qualifying: 1, rewarded: 1 }]);
  });

  it('does not increment rewarded for a referee-only reward', () => {
    expect(run([{ recipients: { referee: cash(300) } }]).counterChanges).toEqual([{ ruleId: 'r1', qualifying: 1, rewarded: 0 }]);
  });

  it('reads each rule its own counters', () => {
    const st: EvaluationState = { budgetSpent: {}, counters: (id) => ({ qualifying: id === 'r1' ? 2 : 0, rewarded: 0 }) };
    const result = run([{ milestone: { every: false, n: 3 } }, { milestone: { every: false, n: 3 } }], {}, {}, st);
    expect(reasons(result)).toEqual(['rewarded', 'milestone_not_reached']);
  });
});

describe('RuleSchema', () => {
  const base = { id: 'r1', trigger: 'sale', recipients: { referrer: cash(500) } };
  const fails = (r: unknown) => !RuleSchema.safeParse(r).success;

  it('accepts a minimal rule and fills in defaults', () => {
    expect(RuleSchema.parse(base)).toMatchObject({ approval: 'auto', hold_days: 0 });
  });

  it('rejects duplicate rule ids in one campaign', () => {
    expect(RulesSchema.safeParse([base, { ...base, trigger: 'signup' }]).success).toBe(false);
  });

  it('rejects min_amount above max_amount', () => {
    expect(fails({ ...base, conditions: { min_amount: 5001, max_amount: 5000 } })).toBe(true);
  });

  it('accepts min_amount equal to max_amount', () => {
    expect(fails({ ...base, conditions: { min_amount: 5000, max_amount: 5000 } })).toBe(false);
  });

  it('rejects empty recipients', () => {
    expect(fails({ ...base, recipients: {} })).toBe(true);
  });

  it('rejects a percentage above 100', () => {
    expect(fails({ ...base, recipients: { referrer: pct(100.01) } })).toBe(true);
  });

  it('rejects a percentage with three decimals', () => {
    expect(fails({ ...base, recipients: { referrer: pct(12.345) } })).toBe(true);
  });

  it('accepts a percentage with two decimals', () => {
    expect(fails({ ...base, recipients: { referrer: pct(12.34) } })).toBe(false);
  });

  it('rejects a fractional cash amount', () => {
    expect(fails({ ...base, recipients: { referrer: cash(500.5) } })).toBe(true);
  });
});
