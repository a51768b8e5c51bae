/**
 * A deliberately naive reference model of Referrio's reward engine, written from the documented
 * behaviour (README, docs/money.md, the OpenAPI descriptions) for the property test. It shares no
 * code with worker/: plain loops over plain objects, one event at a time, no batching, no caching.
 */

export const MAX_MINOR_UNITS = 999_999_999_999;

export type Spec =
  | { type: 'cash' | 'credit'; amount: number; currency: string }
  | { type: 'percentage'; percent: number; max_amount?: number }
  | { type: 'points'; points: number }
  /** A code from one of the campaign's own voucher pools (index 0 or 1; see MCampaign.pools). */
  | { type: 'voucher'; pool: number };

export interface MRule {
  id: string;
  trigger: 'signup' | 'sale' | 'upgrade';
  conditions?: { min_amount?: number; max_amount?: number; currency?: string; first_purchase_only?: boolean; within_days_of_signup?: number; metadata_equals?: Record<string, string> };
  recipients: { referrer?: Spec; referee?: Spec };
  milestone?: { every: boolean; n: number };
  tiers?: { from: number; referrer: Spec }[];
  max_rewards_per_referrer?: number;
  approval: 'auto' | 'manual';
  hold_days: number;
}

export interface MCampaign {
  rules: MRule[];
  budget: { amount: number; currency: string } | null;
  /** open; ended (ends_at passed); not_started (starts_at ahead); paused (status). Only open rewards. */
  window: 'open' | 'ended' | 'not_started' | 'paused';
  referrers: number;
  /** Codes uploaded to each of the campaign's two voucher pools when it is set up (absent: none). */
  pools?: number[];
  /** An open campaign's starts_at / ends_at, in days from when the scenario starts (absent: none). */
  dates?: { starts?: number; ends?: number };
}

/** A voucher pool: `${campaign}:${index}`, its codes in upload order and those still available (oldest first). */
export interface MPool {
  codes: string[];
  available: string[];
}

export interface MReward {
  key: string; // event key + rule + recipient: identifies it across model and engine
  campaign: number;
  user: string; // external id
  ruleId: string;
  recipient: 'referrer' | 'referee';
  type: 'cash' | 'credit' | 'points' | 'voucher';
  amount: number | null;
  currency: string | null;
  points: number | null;
  status: 'pending' | 'approved' | 'paid' | 'cancelled';
  statusReason: string | null;
  needsReview: boolean;
  order: string | null;
  /** voucher rewards: the pool (`${campaign}:${index}`) and the code drawn, if any yet */
  pool: string | null;
  code: string | null;
}

export interface MEvent {
  campaign: number;
  referrer: string; // external id
  type: 'signup' | 'sale' | 'upgrade';
  referee: string | null; // external id
  amount?: number;
  currency?: string;
  order?: string;
  metadata?: Record<string, string>;
  /** occurred_at in days from now (absent: left out, so now). The referee's signup is their first event (now). */
  at?: number;
}

/** What the API answers for an event: its HTTP status class, and for 201/200 whether it was a duplicate. */
export type MOutcome = { status: 409 } | { status: 422 } | { status: 201 | 200; rewards: MReward[] };

export class Model {
  rewards: MReward[] = [];
  /** referee external id → referrer external id (the first referrer who sent them). */
  links = new Map<string, string>();
  /** order id → campaign index (one sale per order per environment). */
  orders = new Map<string, number>();
  /** per campaign: dedupe keys seen, with the rewards their first decision made */
  seen: Map<string, MReward[]>[] = [];
  counters: Map<string, { qualifying: number; rewarded: number }>[] = [];
  refereeSales: Map<string, number>[] = [];
  spent: number[] = [];
  pools = new Map<string, MPool>();
  /** every code uploaded in the environment (codes are unique per environment) */
  allCodes = new Set<string>();
  private customSeq = 0;

  constructor(readonly campaigns: MCampaign[]) {
    for (let i = 0; i < campaigns.length; i++) {
      this.seen.push(new Map());
      this.counters.push(new Map());
      this.refereeSales.push(new Map());
      this.spent.push(0);
    }
  }

  event(e: MEvent): MOutcome {
    if (e.type === 'sale' && e.order !== undefined) {
      const holder = this.orders.get(e.order);
      if (holder !== undefined && holder !== e.campaign) return { status: 409 };
      if (holder === undefined) this.orders.set(e.order, e.campaign);
    }
    // The referee: created and linked to the first referrer who names them.
    let rejected = false;
    if (e.referee !== null) {
      const linked = this.links.get(e.referee);
      if (linked === undefined) this.links.set(e.referee, e.referrer);
      else if (linked !== e.referrer) rejected = true;
    }
    const key = e.type === 'sale' ? `sale:${e.order}` : e.type === 'signup' ? `signup:${e.referee}` : `upgrade:${this.customSeq++}`;
    const seen = this.seen[e.campaign] as Map<string, MReward[]>;
    const first = seen.get(key);
    if (first) return { status: 200, rewards: first };
    const made = rejected ? [] : this.decide(e, key);
    seen.set(key, made);
    this.rewards.push(...made);
    return { status: 201, rewards: made };
  }

  private decide(e: MEvent, key: string): MReward[] {
    const c = this.campaigns[e.campaign] as MCampaign;
    const made: MReward[] = [];
    const priorSales = e.referee === null ? 0 : ((this.refereeSales[e.campaign] as Map<string, number>).get(e.referee) ?? 0);
    if (e.type === 'sale' && e.referee !== null) (this.refereeSales[e.campaign] as Map<string, number>).set(e.referee, priorSales + 1);
    if (c.window !== 'open') return made;
    // Campaign dates are checked against occurred_at: before starts_at, or at/after ends_at, rewards nothing.
    const at = e.at ?? 0;
    if (c.dates?.starts !== undefined && at < c.dates.starts) return made;
    if (c.dates?.ends !== undefined && at >= c.dates.ends) return made;
    for (const rule of c.rules) {
      if (rule.trigger !== e.type) continue;
      const cond = rule.conditions ?? {};
      // Every condition whose input is missing is not met (docs/money.md).
      if (cond.min_amount !== undefined && (e.amount === undefined || e.amount < cond.min_amount)) continue;
      if (cond.max_amount !== undefined && (e.amount === undefined || e.amount > cond.max_amount)) continue;
      if (cond.currency !== undefined && e.currency !== cond.currency) continue;
      if (cond.first_purchase_only && (e.referee === null || priorSales > 0)) continue;
      // Days from the referee's signup (their user record, made by their first event: about now) to occurred_at.
      if (cond.within_days_of_signup !== undefined && (e.referee === null || at > cond.within_days_of_signup)) continue;
      let metaOk = true;
      for (const k of Object.keys(cond.metadata_equals ?? {})) if (e.metadata?.[k] !== cond.metadata_equals?.[k]) metaOk = false;
      if (!metaOk) continue;

      const counterKey = `${rule.id}|${e.referrer}`;
      const counters = this.counters[e.campaign] as Map<string, { qualifying: number; rewarded: number }>;
      const counter = counters.get(counterKey) ?? { qualifying: 0, rewarded: 0 };
      counters.set(counterKey, counter);
      counter.qualifying += 1;
      const nth = counter.qualifying;
      if (rule.max_rewards_per_referrer !== undefined && counter.rewarded >= rule.max_rewards_per_referrer) continue;
      if (rule.milestone) {
        if (rule.milestone.every && nth % rule.milestone.n !== 0) continue;
        if (!rule.milestone.every && nth !== rule.milestone.n) continue;
      }
      let referrerSpec = rule.recipients.referrer;
      let bestFrom = 0;
      for (const tier of rule.tiers ?? []) {
        if (nth >= tier.from && tier.from > bestFrom) {
          bestFrom = tier.from;
          referrerSpec = tier.referrer;
        }
      }
      const drafts: MReward[] = [];
      const sides: ['referrer' | 'referee', Spec | undefined][] = [
        ['referrer', referrerSpec],
        ['referee', rule.recipients.referee],
      ];
      for (const [side, spec] of sides) {
        if (!spec) continue;
        if (side === 'referee' && e.referee === null) continue;
        const user = side === 'referrer' ? e.referrer : (e.referee as string);
        const base = { key: `${key}|${rule.id}|${side}`, campaign: e.campaign, user, ruleId: rule.id, recipient: side, needsReview: false, order: e.type === 'sale' ? (e.order ?? null) : null, pool: null, code: null };
        if (spec.type === 'voucher') {
          // Waits for its code (drawn below once the rule's rewards are accepted); manual approval waits for that too.
          drafts.push({ ...base, type: 'voucher', amount: null, currency: null, points: null, pool: `${e.campaign}:${spec.pool}`, status: 'pending', statusReason: rule.approval === 'manual' ? 'awaiting_approval' : 'pool_empty' });
          continue;
        }
        if (spec.type === 'points') {
          drafts.push({ ...base, type: 'points', amount: null, currency: null, points: spec.points, ...this.status(rule, false) });
          continue;
        }
        let amount: number;
        let currency: string;
        if (spec.type === 'percentage') {
          if (e.amount === undefined || e.currency === undefined) continue;
          amount = Number((BigInt(e.amount) * BigInt(Math.round(spec.percent * 100))) / 10000n);
          if (spec.max_amount !== undefined && amount > spec.max_amount) amount = spec.max_amount;
          if (amount > MAX_MINOR_UNITS) amount = MAX_MINOR_UNITS;
          currency = e.currency;
        } else {
          amount = spec.amount;
          currency = spec.currency;
        }
        drafts.push({ ...base, type: spec.type === 'credit' ? 'credit' : 'cash', amount, currency, points: null, ...this.status(rule, true) });
      }
      if (!drafts.length) continue;
      if (c.budget) {
        if (drafts.some((d) => d.currency !== null && d.currency !== c.budget?.currency)) continue;
        let cost = 0;
        for (const d of drafts) cost += d.amount ?? 0;
        if ((this.spent[e.campaign] as number) + cost > c.budget.amount) continue;
        this.spent[e.campaign] = (this.spent[e.campaign] as number) + cost;
      }
      if (drafts.some((d) => d.recipient === 'referrer')) counter.rewarded += 1;
      for (const d of drafts) if (d.type === 'voucher') this.draw(d);
      made.push(...drafts);
    }
    return made;
  }

  private status(rule: MRule, money: boolean): { status: 'pending' | 'approved'; statusReason: string | null } {
    if (rule.approval === 'manual') return { status: 'pending', statusReason: 'awaiting_approval' };
    if (money && rule.hold_days > 0) return { status: 'pending', statusReason: 'on_hold' };
    return { status: 'approved', statusReason: null };
  }

  /** A refund (partial or full) reverses every unpaid reward of its order; paid ones need review. */
  refund(order: string): { status: 201 | 200 | 422 } {
    const campaign = this.orders.get(order);
    if (campaign === undefined) return { status: 422 };
    const seen = this.seen[campaign] as Map<string, MReward[]>;
    if (seen.has(`refund:${order}`)) return { status: 200 };
    seen.set(`refund:${order}`, []);
    for (const r of seen.get(`sale:${order}`) ?? []) {
      if (r.status === 'pending' || r.status === 'approved') {
        r.status = 'cancelled';
        r.statusReason = 'refunded';
        this.giveBack(r);
      } else if (r.status === 'paid') r.needsReview = true;
    }
    return { status: 201 };
  }

  /** docs/vouchers.md: a waiting voucher reward takes its pool's oldest available code; auto approval then approves it. */
  private draw(r: MReward): boolean {
    const pool = this.pools.get(r.pool as string);
    const code = pool?.available.shift();
    if (code === undefined) return false;
    r.code = code;
    if (r.statusReason !== 'awaiting_approval') {
      r.status = 'approved';
      r.statusReason = null;
    }
    return true;
  }

  /** An upload: new codes join the pool (codes the environment has are duplicates); then waiting rewards draw, oldest first. */
  upload(poolKey: string, codes: string[]): { inserted: number; filled: number } {
    const pool = this.pools.get(poolKey) ?? { codes: [], available: [] };
    this.pools.set(poolKey, pool);
    let inserted = 0;
    for (const code of codes) {
      if (this.allCodes.has(code)) continue;
      this.allCodes.add(code);
      pool.codes.push(code);
      pool.available.push(code);
      inserted++;
    }
    let filled = 0;
    for (const r of this.rewards) {
      if (r.type !== 'voucher' || r.pool !== poolKey || r.status !== 'pending' || r.code !== null) continue;
      if (!this.draw(r)) break;
      filled++;
    }
    return { inserted, filled };
  }

  /** A cancelled reward gives back what it charged to its campaign's budget (once: it is cancelled once). */
  private giveBack(r: MReward) {
    const budget = (this.campaigns[r.campaign] as MCampaign).budget;
    if (budget && r.currency === budget.currency && r.amount) this.spent[r.campaign] = (this.spent[r.campaign] as number) - r.amount;
  }

  /** POST /v1/rewards/{id}/cancel: pending or approved → cancelled (cancelled_by_admin); else 409. */
  cancel(r: MReward): boolean {
    if (r.status !== 'pending' && r.status !== 'approved') return false;
    r.status = 'cancelled';
    r.statusReason = 'cancelled_by_admin';
    this.giveBack(r);
    return true;
  }

  approve(r: MReward): boolean {
    if (r.status !== 'pending' || r.statusReason !== 'awaiting_approval') return false;
    // A voucher reward without a code cannot be approved (voucher-not-assigned).
    if (r.type === 'voucher' && r.code === null) return false;
    r.status = 'approved';
    r.statusReason = null;
    return true;
  }

  pay(r: MReward): boolean {
    if (r.status !== 'approved' || r.type === 'points') return false;
    r.status = 'paid';
    r.statusReason = null;
    return true;
  }
}
