import fc from 'fast-check';
import type { MCampaign, MRule, Spec } from './model';

/** Scenario generators: campaigns (1–4 rules each) and streams of operations. */

const currency = fc.constantFrom('USD', 'USD', 'EUR', 'GBP');
const BUDGET_CURRENCIES = ['USD', 'EUR', 'GBP'];

/**
 * A campaign's budget: either the single-currency `budget` field (or none), or 0–3 `budgets` lines in
 * distinct currencies, so rewards meet a line of their currency, another currency's line, or none.
 */
const budgetForm = (amounts: number[]): fc.Arbitrary<Pick<MCampaign, 'budget' | 'budgets'>> =>
  fc.oneof(
    fc.record({ budget: fc.option(fc.record({ amount: fc.constantFrom(...amounts), currency: fc.constantFrom(...BUDGET_CURRENCIES) }), { freq: 2 }) }),
    fc.record({
      budgets: fc
        .shuffledSubarray(BUDGET_CURRENCIES, { minLength: 0, maxLength: 3 })
        .chain((cs) => fc.tuple(...cs.map((c) => fc.record({ currency: fc.constant(c), amount: fc.constantFrom(...amounts) })))),
    }),
  );
const amount = fc.constantFrom(0, 1, 999, 5_000, 20_000, 123_457, 999_999_999_999);

const spec: fc.Arbitrary<Spec> = fc.oneof(
  fc.record({ type: fc.constant('cash' as const), amount: fc.constantFrom(1, 250, 500, 5_000), currency }),
  fc.record({ type: fc.constant('credit' as const), amount: fc.constantFrom(100, 1_000), currency }),
  fc.record(
    { type: fc.constant('percentage' as const), percent: fc.constantFrom(5, 10, 12.5, 33.33, 100), max_amount: fc.constantFrom(100, 2_000, 50_000) },
    { requiredKeys: ['type', 'percent'] },
  ),
  fc.record({ type: fc.constant('points' as const), points: fc.constantFrom(1, 10, 100) }),
  fc.record({ type: fc.constant('voucher' as const), pool: fc.constantFrom(0, 0, 1) }),
);

/** `arb` in about `percent`% of draws, else undefined. */
const maybe = <T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(undefined) }, { weight: percent, arbitrary: arb });

const condition = fc.oneof(
  fc.record({ min_amount: fc.constantFrom(1_000, 10_000) }),
  fc.record({ max_amount: fc.constantFrom(999, 20_000) }),
  fc.record({ currency: fc.constant('USD') }),
  { weight: 3, arbitrary: fc.record({ first_purchase_only: fc.constant(true) }) },
  fc.record({ metadata_equals: fc.constant({ plan: 'pro' }) }),
  // Event dates are whole days from now, never equal to these, so seconds of drift cannot matter.
  { weight: 4, arbitrary: fc.record({ within_days_of_signup: fc.constantFrom(3, 10) }) },
  fc.record({ min_amount: fc.constant(1_000), currency: fc.constant('USD'), first_purchase_only: fc.boolean() }),
);

const rule = (id: string, mainTrigger: MRule['trigger']): fc.Arbitrary<MRule> =>
  fc
    .record({
      trigger: fc.oneof({ weight: 3, arbitrary: fc.constant(mainTrigger) }, { weight: 2, arbitrary: fc.constantFrom('signup' as const, 'sale' as const, 'upgrade' as const) }),
      conditions: maybe(condition, 40),
      sides: fc.constantFrom('referrer', 'referee', 'both', 'both', 'both'),
      referrer: spec,
      referee: spec,
      milestone: maybe(fc.record({ every: fc.boolean(), n: fc.integer({ min: 1, max: 3 }) }), 20),
      tiers: maybe(fc.array(fc.record({ from: fc.integer({ min: 2, max: 4 }), referrer: spec }), { minLength: 1, maxLength: 2 }), 20),
      max_rewards_per_referrer: maybe(fc.integer({ min: 1, max: 3 }), 20),
      approval: fc.constantFrom('auto' as const, 'auto' as const, 'manual' as const),
      hold_days: fc.constantFrom(0, 0, 5),
    })
    .map((r) => {
      const out: MRule = { id, trigger: r.trigger, recipients: {}, approval: r.approval, hold_days: r.hold_days };
      if (r.sides !== 'referee') out.recipients.referrer = r.referrer;
      if (r.sides !== 'referrer') out.recipients.referee = r.referee;
      if (r.conditions) out.conditions = r.conditions;
      if (r.milestone) out.milestone = r.milestone;
      if (r.tiers && out.recipients.referrer) out.tiers = r.tiers;
      if (r.max_rewards_per_referrer !== undefined) out.max_rewards_per_referrer = r.max_rewards_per_referrer;
      return out;
    });

export const campaignArb: fc.Arbitrary<MCampaign> = fc.tuple(fc.record({
  rules: fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.constantFrom('signup' as const, 'sale' as const, 'upgrade' as const))
    .chain(([n, main]) => fc.tuple(...Array.from({ length: n }, (_, i) => rule(`r${i}`, main)))),
  window: fc.constantFrom('open' as const, 'open' as const, 'open' as const, 'open' as const, 'open' as const, 'ended' as const, 'not_started' as const, 'paused' as const),
  referrers: fc.integer({ min: 1, max: 2 }),
  // Few codes: some draws find an empty pool and wait for an upload.
  pools: fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 })),
  dates: maybe(
    fc.record({ starts: fc.constantFrom(-10, 4), ends: fc.constantFrom(2, 14) }, { requiredKeys: [] }).map((d) => (d.starts !== undefined && d.ends !== undefined && d.starts >= d.ends ? { starts: d.starts } : d)),
    30,
  ),
}), budgetForm([0, 500, 2_000, 10_000, 1_000_000])).map(([{ dates, ...c }, budget]) => (dates === undefined ? { ...c, ...budget } : { ...c, ...budget, dates }));

/** Indices are taken modulo what exists when the operation runs. */
export type Op =
  | { kind: 'signup'; c: number; r: number; e: number; at?: number | null }
  | { kind: 'sale'; c: number; r: number; e: number | null; amount: number; currency: string; order: number; meta: boolean; at?: number | null }
  | { kind: 'upgrade'; c: number; r: number; e: number; at?: number | null }
  | { kind: 'refund'; order: number; partial: boolean; amount?: number; id?: number | null } // partial: amount (default 100) USD; id: a refund_id (several partial refunds)
  | { kind: 'repeat'; k: number } // the same event again (a duplicate)
  | { kind: 'retry'; k: number } // the same request again with the same Idempotency-Key
  | { kind: 'burst'; k: number; n: number } // the same event n times at once
  | { kind: 'burstNew'; op: Op; n: number } // a new event n times at once (new referee, new order)
  | { kind: 'orderRace'; order: number; e: number | null } // one order sold in two campaigns at once
  | { kind: 'parallel'; ops: Op[] } // events of different campaigns at once
  | { kind: 'outage' } // D1 refuses the campaign objects' projections from now on
  | { kind: 'heal' } // D1 takes them again (what failed waits for its retry)
  | { kind: 'approve'; k: number }
  | { kind: 'pay'; k: number }
  | { kind: 'upload'; c: number; pool: number; n: number } // n new codes to a campaign's pool; 0: its codes again (all duplicates)
  | { kind: 'cancel'; k: number }
  | { kind: 'payout'; minimum: number } // POST /v1/payouts: a batch of what is owed (docs/payouts.md)
  | { kind: 'settle'; k: number; paid: boolean } // a batch's open lines marked paid or failed
  | { kind: 'debit'; k: number; amount: number; again: boolean } // spend credit or points (again: the same reference twice)
  | { kind: 'cancelRefund'; k: number } // a sale's unpaid reward cancelled while its order is refunded, at once; // any reward the engine made: 409 unless pending or approved

const idx = fc.nat({ max: 9 });
/** occurred_at: left out (now) or whole days from now, past and future. */
const at = fc.constantFrom(null, null, null, -20, -1, 1, 5, 7, 12, 30);
const eventOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('signup' as const), c: idx, r: idx, e: fc.nat({ max: 5 }), at }),
  fc.record({
    kind: fc.constant('sale' as const),
    c: idx,
    r: idx,
    e: fc.option(fc.nat({ max: 5 }), { freq: 3 }),
    amount,
    currency,
    order: fc.nat({ max: 7 }),
    meta: fc.boolean(),
    at,
  }),
  fc.record({ kind: fc.constant('upgrade' as const), c: idx, r: idx, e: fc.nat({ max: 5 }), at }),
);

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: eventOp },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      order: fc.nat({ max: 7 }),
      partial: fc.boolean(),
      amount: fc.constantFrom(1, 100, 2_500, 10_000, 123_457),
      id: fc.option(fc.nat({ max: 3 }), { freq: 2 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('payout' as const), minimum: fc.constantFrom(1, 1, 100, 5_000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('settle' as const), k: fc.nat(), paid: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('debit' as const), k: fc.nat(), amount: fc.constantFrom(1, 50, 100, 300, 1_000), again: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat' as const), k: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retry' as const), k: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('burst' as const), k: fc.nat(), n: fc.integer({ min: 2, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('parallel' as const), ops: fc.array(eventOp, { minLength: 2, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('burstNew' as const), op: eventOp, n: fc.integer({ min: 2, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('orderRace' as const), order: fc.nat({ max: 7 }), e: fc.option(fc.nat({ max: 5 }), { freq: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('outage' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('heal' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('approve' as const), k: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pay' as const), k: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), k: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancelRefund' as const), k: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('upload' as const), c: idx, pool: fc.constantFrom(0, 0, 1), n: fc.constantFrom(0, 1, 1, 1, 2, 3) }) },
);

const generalArb = fc.record({
  campaigns: fc.array(campaignArb, { minLength: 1, maxLength: 2 }),
  ops: fc.array(opArb, { minLength: 10, maxLength: 40 }),
});

/**
 * The money path (docs/ledger.md, docs/payouts.md): sales rewarded with a percentage and fixed cash,
 * credit or points, then partial and full refunds, payouts paid or failed, debits and pays, in any
 * order — so refunds land before, inside and after a payout. The general scenarios reach these only
 * now and then.
 */
const moneyRule = (id: string): fc.Arbitrary<MRule> =>
  fc.record({
    referrer: fc.oneof(
      fc.record({ type: fc.constant('percentage' as const), percent: fc.constantFrom(5, 10, 12.5, 33.33) }),
      fc.record({ type: fc.constant('cash' as const), amount: fc.constantFrom(250, 5_000), currency: fc.constantFrom('USD', 'USD', 'EUR') }),
    ),
    referee: fc.option(
      fc.oneof(
        fc.record({ type: fc.constant('credit' as const), amount: fc.constantFrom(100, 1_000), currency: fc.constant('USD') }),
        fc.record({ type: fc.constant('points' as const), points: fc.constantFrom(10, 100) }),
        fc.record({ type: fc.constant('percentage' as const), percent: fc.constantFrom(5, 50) }),
      ),
      { freq: 2 },
    ),
    approval: fc.constantFrom('auto' as const, 'auto' as const, 'manual' as const),
    hold_days: fc.constantFrom(0, 0, 0, 5),
  }).map((r) => ({ id, trigger: 'sale' as const, recipients: r.referee ? { referrer: r.referrer, referee: r.referee } : { referrer: r.referrer }, approval: r.approval, hold_days: r.hold_days }));

const moneyCampaign: fc.Arbitrary<MCampaign> = fc.tuple(fc.record({
  rules: fc.tuple(moneyRule('m0'), fc.option(moneyRule('m1'), { freq: 2 })).map(([a, b]) => (b ? [a, b] : [a])),
  window: fc.constant('open' as const),
  referrers: fc.integer({ min: 1, max: 2 }),
}), budgetForm([10_000, 1_000_000])).map(([c, budget]) => ({ ...c, ...budget }));

const moneySale: fc.Arbitrary<Op> = fc.record({
  kind: fc.constant('sale' as const),
  c: idx,
  r: idx,
  e: fc.nat({ max: 5 }),
  amount: fc.constantFrom(999, 5_000, 20_000, 123_457),
  currency: fc.constantFrom('USD', 'USD', 'USD', 'EUR', 'GBP'),
  order: fc.nat({ max: 7 }),
  meta: fc.constant(false),
});

const moneyOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: moneySale },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      order: fc.nat({ max: 7 }),
      partial: fc.constantFrom(true, true, false),
      amount: fc.constantFrom(1, 100, 500, 1_000, 2_500, 2_500, 5_000, 10_000),
      id: fc.option(fc.nat({ max: 3 }), { freq: 4 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('payout' as const), minimum: fc.constantFrom(1, 100, 1_000) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('settle' as const), k: fc.nat(), paid: fc.constantFrom(true, true, false) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('debit' as const), k: fc.nat(), amount: fc.constantFrom(1, 10, 100, 300, 1_000), again: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('approve' as const), k: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pay' as const), k: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), k: fc.nat() }) },
);

const moneyArb = fc.record({
  campaigns: fc.array(moneyCampaign, { minLength: 1, maxLength: 2 }),
  ops: fc.array(moneyOp, { minLength: 15, maxLength: 45 }),
});

export const scenarioArb = fc.oneof(generalArb, moneyArb);

export type Scenario = { campaigns: MCampaign[]; ops: Op[] };
