import type { Referral } from './api/types';

export interface DayTotals {
  signups: number;
  sales: number;
}

export interface Totals {
  byDay: Map<string, DayTotals>;
  signups: number;
  sales: number;
  /** Revenue and rewards per currency, in minor units. */
  revenue: Map<string, number>;
  rewardsDue: Map<string, number>;
  rewardsPaid: Map<string, number>;
  byReferrer: Map<string, { referrals: number; sales: number }>;
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

/** Folds a range's referral events into the overview's numbers. */
export function aggregate(events: Partial<Referral>[]): Totals {
  const t: Totals = { byDay: new Map(), signups: 0, sales: 0, revenue: new Map(), rewardsDue: new Map(), rewardsPaid: new Map(), byReferrer: new Map() };
  for (const e of events) {
    const day = (e.occurred_at ?? '').slice(0, 10);
    const d = t.byDay.get(day) ?? { signups: 0, sales: 0 };
    const counted = e.status !== 'rejected';
    if (e.type === 'signup' && counted) {
      d.signups++;
      t.signups++;
    }
    if (e.type === 'sale' && counted) {
      d.sales++;
      t.sales++;
      if (e.amount != null && e.currency) add(t.revenue, e.currency, e.amount);
    }
    t.byDay.set(day, d);
    if (e.referrer_id && counted) {
      const r = t.byReferrer.get(e.referrer_id) ?? { referrals: 0, sales: 0 };
      r.referrals++;
      if (e.type === 'sale') r.sales++;
      t.byReferrer.set(e.referrer_id, r);
    }
    for (const w of e.rewards ?? []) {
      if (w.amount == null || !w.currency || w.status === 'cancelled') continue;
      add(w.status === 'paid' ? t.rewardsPaid : t.rewardsDue, w.currency, w.amount);
    }
  }
  return t;
}
