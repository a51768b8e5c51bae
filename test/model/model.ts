/**
 * A deliberately naive reference model of Referrio's reward engine, written from the documented
 * behaviour (README, docs/money.md, the OpenAPI descriptions) for the property test. It shares no
 * code with worker/: plain loops over plain objects, one event at a time, no batching, no caching.
 */

export const MAX_MINOR_UNITS = 999_999_999_999;

export type Spec =
  | { type: 'cash' | 'credit'; amount: number; currency: string }
  | { type: 'percentage'; percent: number; max_amount?: number }
  | { type: 'points'; points: number };

export interface MRule {
  id: string;
  trigger: 'signup' | 'sale' | 'upgrade';
  conditions?: { min_amount?: number; max_amount?: number; currency?: string; first_purchase_only?: boolean; metadata_equals?: Record<string, string> };
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
}

export interface MReward {
  key: string; // event key + rule + recipient: identifies it across model and engine
  campaign: number;
  user: string; // external id
  ruleId: string;
  recipient: 'referrer' | 'referee';
  type: 'cash' | 'credit' | 'points';
  amount: number | null;
  currency: string | null;
  points: number | null;
  status: 'pending' | 'approved' | 'paid' | 'cancelled';
  statusReason: string | null;
  needsReview: boolean;
  order: string | null;
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
    for (const rule of c.rules) {
      if (rule.trigger !== e.type) continue;
      const cond = rule.conditions ?? {};
      // Every condition whose input is missing is not met (docs/money.md).
      if (cond.min_amount !== undefined && (e.amount === undefined || e.amount < cond.min_amount)) continue;
      if (cond.max_amount !== undefined && (e.amount === undefined || e.amount > cond.max_amount)) continue;
      if (cond.currency !== undefined && e.currency !== cond.currency) continue;
      if (cond.first_purchase_only && (e.referee === null || priorSales > 0)) continue;
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
        const base = { key: `${key}|${rule.id}|${side}`, campaign: e.campaign, user, ruleId: rule.id, recipient: side, needsReview: false, order: e.type === 'sale' ? (e.order ?? null) : null };
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
        const budget = (this.campaigns[campaign] as MCampaign).budget;
        if (budget && r.currency === budget.currency && r.amount) this.spent[campaign] = (this.spent[campaign] as number) - r.amount;
      } else if (r.status === 'paid') r.needsReview = true;
    }
    return { status: 201 };
  }

  approve(r: MReward): boolean {
    if (r.status !== 'pending' || r.statusReason !== 'awaiting_approval') return false;
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
