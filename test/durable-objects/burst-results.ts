import type { Referral, Reward } from '../../worker/db/schema';
import type { EventResult } from '../../worker/durable-objects/campaign/campaign-events';

/** A small seeded generator, so a failing burst can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, pick };
}

const AMOUNTS = [null, 0, 1, 1999, 2 ** 31, 5_000_000_123, Number.MAX_SAFE_INTEGER, -250];
const TEXTS = [null, 'plain', 'null', '42', '', 'Zoë 🎉 日本語', `it's "quoted" \\ back\\slash`, '{"not":"json-mode"}'];
const METADATA: Record<string, unknown>[] = [
  {},
  { source: 'newsletter', n: 3, ok: true, gone: null },
  { note: `She said "hi" & it's 🎉`, nested: { list: [1, 'two', null, false], 'ключ': 'значение' } },
  { big: 9_007_199_254_740_991, neg: -1.5, empty: '', backslash: '\\n is not a newline' },
];

/**
 * `count` burstable events (no clawback, no voucher drawn from a pool) with the fields varied:
 * nulls, unicode and quotes, booleans both ways, 0–3 rewards each, amounts past 2^31.
 * `pad` adds that many characters of metadata to each event (a burst too big for one value).
 */
export function burstResults(count: number, { seed = 1, prefix = 'b', pad = 0 } = {}): EventResult[] {
  const { next, pick } = random(seed);
  const env = 'env_burst';
  const campaign = 'cmp_burst';
  return Array.from({ length: count }, (_, i) => {
    const id = `ref_${prefix}${i}`;
    const createdAt = new Date(Date.UTC(2026, 10, 1, 12, 0, i % 60, i)).toISOString();
    const referral: Referral = {
      id,
      environmentId: env,
      campaignId: campaign,
      type: pick(['sale', 'signup', 'custom.event']),
      status: pick(['qualified', 'not_qualified', 'rejected', 'recorded'] as const),
      reasons: next() < 0.5 ? [] : [{ rule_id: pick([null, 'rule_1']), reason: pick(['no_rule_matched', 'cap "reached"']) }],
      referrerId: `usr_r${i % 7}`,
      refereeId: next() < 0.3 ? null : `usr_e${i}`,
      amount: pick(AMOUNTS),
      currency: pick([null, 'EUR', 'usd']),
      orderId: pick([null, `ord_${i}`, `o-"${i}"'`]),
      refundOf: null,
      dedupeKey: `sale:${prefix}${i}`,
      rulesVersion: 1 + (i % 3),
      metadata: pad ? { ...pick(METADATA), pad: 'x'.repeat(pad) } : pick(METADATA),
      occurredAt: createdAt,
      createdAt,
    };
    const rewards: Reward[] = Array.from({ length: Math.floor(next() * 4) }, (_, j) => {
      const type = pick(['cash', 'credit', 'points', 'voucher'] as const);
      const points = type === 'points';
      return {
        id: `rwd_${prefix}${i}_${j}`,
        environmentId: env,
        campaignId: campaign,
        referralId: next() < 0.9 ? id : null,
        userId: pick([referral.referrerId, `usr_e${i}`]),
        recipient: pick(['referrer', 'referee'] as const),
        type,
        amount: points || type === 'voucher' ? null : pick(AMOUNTS.filter((a) => a !== null && a >= 0)),
        currency: points ? null : pick([null, 'EUR']),
        points: points ? pick([0, 10, 3_000_000_000]) : null,
        voucherPoolId: null,
        voucherCode: type === 'voucher' ? pick([null, 'CODE-"1"']) : null,
        status: pick(['pending', 'approved', 'paid', 'cancelled'] as const),
        statusReason: pick([null, 'awaiting_approval', 'refunded']),
        holdUntil: pick([null, createdAt]),
        needsReview: next() < 0.5,
        ruleId: pick([null, 'rule_1']),
        rulesVersion: pick([null, 2]),
        note: pick(TEXTS),
        budgetCharged: pick([0, 500, 4_294_967_296]),
        budgetReleasedAt: null,
        payoutReference: pick([null, 'po_ref']),
        reversedAmount: pick([0, 0, 7]),
        proportional: next() < 0.5,
        payoutId: null,
        cause: pick([null, 'ref_cause']),
        approvedAt: pick([null, createdAt]),
        paidAt: null,
        cancelledAt: null,
        createdAt,
        updatedAt: createdAt,
      };
    });
    return { referral, rewards, outcomes: [], clawback: null };
  });
}
