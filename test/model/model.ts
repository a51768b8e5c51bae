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
  /** The single-currency budget field (kept by the API for compatibility; older regression scenarios use it). */
  budget?: { amount: number; currency: string } | null;
  /** Budgets per currency, sent as `budgets` (at most one line per currency). */
  budgets?: { currency: string; amount: number }[];
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
  /** A percentage of the sale (a partial refund reduces it in proportion). */
  proportional: boolean;
  /** What refunds took back: the reward is worth amount (or points) − reversed. */
  reversed: number;
  /** The payout batch it is reserved in or was paid by. */
  batch: string | null;
  /** What was paid for it (its worth when it was paid). */
  paidValue: number;
}

/** A payout line: one user and currency in a batch. */
export interface MLine {
  batch: string;
  user: string;
  currency: string;
  amount: number;
  carried: number;
  status: 'pending' | 'paid' | 'failed';
  /** What the line paid besides its rewards' worth (the netted balance), once paid. */
  settled: number;
}

/** A balance bucket per kind and currency, as docs/ledger.md defines it. */
export interface MBuckets {
  kind: 'cash' | 'credit' | 'points';
  currency: string | null;
  pending: number;
  available: number;
  paid: number;
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
  /** per campaign: what each budget currency has been charged and not given back */
  spent: Record<string, number>[] = [];
  pools = new Map<string, MPool>();
  /** every code uploaded in the environment (codes are unique per environment) */
  allCodes = new Set<string>();
  private customSeq = 0;
  /** order → the sale's amount and currency (for partial refunds) */
  sales = new Map<string, { amount: number | undefined; currency: string | undefined }>();
  /** order → refunded so far and whether the refund is full */
  refunds = new Map<string, { refunded: number; full: boolean }>();
  lines: MLine[] = [];
  /** debits (spent entries): user, kind, currency, amount, reference */
  debits: { user: string; kind: 'credit' | 'points'; currency: string | null; amount: number; reference: string }[] = [];
  private batchSeq = 0;

  constructor(readonly campaigns: MCampaign[]) {
    for (let i = 0; i < campaigns.length; i++) {
      this.seen.push(new Map());
      this.counters.push(new Map());
      this.refereeSales.push(new Map());
      this.spent.push({});
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
    if (e.type === 'sale' && e.order !== undefined) this.sales.set(e.order, { amount: e.amount, currency: e.currency });
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
        const base = { key: `${key}|${rule.id}|${side}`, campaign: e.campaign, user, ruleId: rule.id, recipient: side, needsReview: false, order: e.type === 'sale' ? (e.order ?? null) : null, pool: null, code: null, proportional: spec.type === 'percentage', reversed: 0, batch: null, paidValue: 0 };
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
      const lines = budgetLines(c);
      if (lines.length) {
        // Cash and credit only (they alone have a currency): each in its own currency's line, no line no reward.
        if (drafts.some((d) => d.currency !== null && !lines.some((l) => l.currency === d.currency))) continue;
        const spent = this.spent[e.campaign] as Record<string, number>;
        let over = false;
        for (const l of lines) {
          let cost = 0;
          for (const d of drafts) if (d.currency === l.currency) cost += d.amount ?? 0;
          if ((spent[l.currency] ?? 0) + cost > l.amount) over = true;
        }
        if (over) continue;
        for (const d of drafts) if (d.currency !== null) spent[d.currency] = (spent[d.currency] ?? 0) + (d.amount ?? 0);
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

  /**
   * docs/ledger.md. A refund with an amount is partial: the refunds of an order add up, and each
   * percentage reward keeps amount − floor(amount × refunded / sale amount); fixed rewards stay whole.
   * Once the refunds reach the sale's amount (or a refund has no amount) it is full: unpaid rewards are
   * cancelled, paid ones reversed in full (owed back). A paid reward reduced by a refund needs review.
   * A refund in another currency than the sale is rejected. Each refund id counts once; without one,
   * an order's refund counts once.
   */
  refund(order: string, amount?: number, currency?: string, refundId?: string): { status: 201 | 200 | 422; rejected?: boolean } {
    const campaign = this.orders.get(order);
    if (campaign === undefined) return { status: 422 };
    const seen = this.seen[campaign] as Map<string, MReward[]>;
    const key = refundId === undefined ? `refund:${order}` : `refund:${order}:${refundId}`;
    if (seen.has(key)) return { status: 200 };
    seen.set(key, []);
    const sale = this.sales.get(order);
    if (amount !== undefined && currency !== undefined && sale?.currency !== undefined && currency !== sale.currency) return { status: 201, rejected: true };
    const prior = this.refunds.get(order) ?? { refunded: 0, full: false };
    const refunded = prior.refunded + (amount ?? 0);
    const full = prior.full || amount === undefined || sale?.amount === undefined || sale.amount <= 0 || refunded >= sale.amount;
    this.refunds.set(order, { refunded, full });
    for (const r of seen.get(`sale:${order}`) ?? []) {
      if (full) {
        if (r.status === 'pending' || r.status === 'approved') {
          r.status = 'cancelled';
          r.statusReason = 'refunded';
          this.giveBack(r);
        } else if (r.status === 'paid') {
          r.needsReview = true;
          if (r.type !== 'voucher') r.reversed = this.value(r);
        }
      } else if (r.proportional && r.status !== 'cancelled' && r.amount !== null) {
        const target = Number((BigInt(r.amount) * BigInt(refunded)) / BigInt(sale?.amount as number));
        if (r.reversed < target) {
          r.reversed = target;
          if (r.status === 'paid') r.needsReview = true;
        }
      }
    }
    return { status: 201 };
  }

  /** What a reward was earned at (points for points). */
  value(r: MReward): number {
    return r.type === 'points' ? (r.points ?? 0) : (r.amount ?? 0);
  }

  /** The buckets of one user: every reward's worth in its status's bucket, a paid reward's later reversal owed back, payout netting and spending. */
  buckets(user: string): MBuckets[] {
    const out = new Map<string, MBuckets>();
    const at = (kind: MBuckets['kind'], currency: string | null) => {
      const k = `${kind}|${currency}`;
      const b = out.get(k) ?? { kind, currency, pending: 0, available: 0, paid: 0 };
      out.set(k, b);
      return b;
    };
    for (const r of this.rewards) {
      if (r.user !== user || r.type === 'voucher') continue;
      const b = at(r.type, r.type === 'points' ? null : r.currency);
      const net = this.value(r) - r.reversed;
      if (r.status === 'pending') b.pending += net;
      else if (r.status === 'approved') b.available += net;
      else if (r.status === 'paid') {
        b.paid += r.paidValue;
        b.available += net - r.paidValue;
      }
    }
    for (const l of this.lines) {
      if (l.user !== user || l.status !== 'paid') continue;
      const b = at('cash', l.currency);
      b.available -= l.settled;
      b.paid += l.settled;
    }
    for (const d of this.debits) if (d.user === user) at(d.kind, d.currency).available -= d.amount;
    return [...out.values()].sort((a, b) => `${a.kind}|${a.currency}`.localeCompare(`${b.kind}|${b.currency}`));
  }

  /** POST /v1/users/{id}/balance/debit: never below zero (available + paid); a reference used before answers with the first. */
  debit(user: string, kind: 'credit' | 'points', currency: string | null, amount: number, reference: string): 200 | 201 | 409 {
    const first = this.debits.find((d) => d.user === user && d.reference === reference);
    if (first) return first.kind === kind && first.currency === currency && first.amount === amount ? 200 : 409;
    const b = this.buckets(user).find((x) => x.kind === kind && x.currency === currency);
    if (!b || b.available + b.paid < amount) return 409;
    this.debits.push({ user, kind, currency, amount, reference });
    return 201;
  }

  /**
   * POST /v1/payouts: per user and currency (cash), a line of the approved, unflagged, unreserved
   * rewards' worth plus what the balance carries besides all approved rewards, if at least the
   * minimum and no line of theirs is open. Returns the batch's name, or null (nothing to pay).
   */
  payout(minimum: number): string | null {
    const batch = `b${this.batchSeq++}`;
    const pairs = new Set(this.rewards.filter((r) => r.type === 'cash').map((r) => `${r.user}|${r.currency}`));
    for (const pair of [...pairs].sort()) {
      const [user, currency] = pair.split('|') as [string, string];
      if (this.lines.some((l) => l.user === user && l.currency === currency && l.status === 'pending')) continue;
      const cash = this.buckets(user).find((b) => b.kind === 'cash' && b.currency === currency);
      const approved = this.rewards.filter((r) => r.user === user && r.type === 'cash' && r.currency === currency && r.status === 'approved');
      const eligible = approved.filter((r) => !r.needsReview && r.batch === null);
      const allNet = approved.reduce((s, r) => s + this.value(r) - r.reversed, 0);
      const eligibleNet = eligible.reduce((s, r) => s + this.value(r) - r.reversed, 0);
      const carried = (cash?.available ?? 0) - allNet;
      const amount = eligibleNet + carried;
      if (amount < Math.max(1, minimum)) continue;
      this.lines.push({ batch, user, currency, amount, carried, status: 'pending', settled: 0 });
      for (const r of eligible) r.batch = batch;
    }
    return this.lines.some((l) => l.batch === batch) ? batch : null;
  }

  /** Marks a batch's open lines paid (its reserved rewards still approved are paid) or failed (they leave the batch). */
  settle(batch: string, outcome: 'paid' | 'failed'): boolean {
    const open = this.lines.filter((l) => l.batch === batch && l.status === 'pending');
    if (!open.length) return false;
    for (const l of open) {
      const mine = this.rewards.filter((r) => r.batch === batch && r.user === l.user && r.currency === l.currency && r.type === 'cash' && r.status === 'approved');
      l.status = outcome;
      if (outcome === 'failed') {
        for (const r of mine) r.batch = null;
        continue;
      }
      let paid = 0;
      for (const r of mine) {
        r.status = 'paid';
        r.statusReason = null;
        r.paidValue = this.value(r) - r.reversed;
        paid += r.paidValue;
      }
      l.settled = l.amount - paid;
    }
    return true;
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
    const lines = budgetLines(this.campaigns[r.campaign] as MCampaign);
    const spent = this.spent[r.campaign] as Record<string, number>;
    if (r.currency !== null && lines.some((l) => l.currency === r.currency) && r.amount) spent[r.currency] = (spent[r.currency] ?? 0) - r.amount;
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
    // A reward reserved in a payout batch is paid by that batch only.
    if (r.status !== 'approved' || r.type === 'points' || r.batch !== null) return false;
    r.status = 'paid';
    r.statusReason = null;
    r.paidValue = this.value(r) - r.reversed;
    return true;
  }
}

/** A campaign's budget lines, whichever field set them. */
export function budgetLines(c: MCampaign): { currency: string; amount: number }[] {
  return c.budgets ?? (c.budget ? [c.budget] : []);
}
