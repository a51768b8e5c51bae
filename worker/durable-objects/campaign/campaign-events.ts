import type { Referral, Reward } from '../../db/schema';
import { budgetCharge, type CampaignWindow, type Outcome, type RewardDraft } from '../../domain/rules/evaluate';
import type { Rule } from '../../domain/rules/schema';
import { newId } from '../../lib/ids';

/** What the Worker hands the campaign object for one event. */
export interface EventInput {
  environmentId: string;
  campaignId: string;
  /** Same key, same event: `sale:<order_id>`, `signup:<referee id>`, … */
  dedupeKey: string;
  type: string;
  referrerId: string;
  refereeId: string | null;
  refereeSignedUpAt: string | null;
  amount: number | null;
  currency: string | null;
  orderId: string | null;
  occurredAt: string;
  metadata: Record<string, unknown>;
  /** A fraud guard's verdict from the Worker (self_referral, already_referred, …). */
  rejection: string | null;
  /** For refunds: the dedupe key of the sale being refunded. */
  refundOf: string | null;
  campaign: CampaignWindow;
  /**
   * The campaign's budget currency before budgets per currency (migration 0015): an object that
   * still holds its single pre-0015 total files it under this currency on first use.
   */
  legacyBudgetCurrency: string | null;
  rules: { version: number; rules: Rule[] };
}

export interface Clawback {
  referralId: string;
  rewardIds: string[];
  /** The refund's own referral (the ledger entries' cause). Absent in refunds decided before the ledger. */
  refundReferralId?: string;
  /** false for a partial refund: only `reductions` apply. Absent means full. */
  full?: boolean;
  /** Percentage rewards of a partial refund: what each has reversed in total after it (docs/ledger.md). */
  reductions?: { rewardId: string; reversed: number }[];
}

export interface EventResult {
  referral: Referral;
  rewards: Reward[];
  outcomes: Outcome[];
  clawback: Clawback | null;
}

const DAY_MS = 86_400_000;

export function referralRow(input: EventInput, status: Referral['status'], reasons: Outcome[], rulesVersion: number, refundOf: string | null): Referral {
  return {
    id: newId('ref'),
    environmentId: input.environmentId,
    campaignId: input.campaignId,
    type: input.type,
    status,
    reasons: reasons.filter((r) => r.reason !== 'rewarded'),
    referrerId: input.referrerId,
    refereeId: input.refereeId,
    amount: input.amount,
    currency: input.currency,
    orderId: input.orderId,
    refundOf,
    dedupeKey: input.dedupeKey,
    rulesVersion,
    metadata: input.metadata,
    occurredAt: input.occurredAt,
    createdAt: new Date().toISOString(),
  };
}

export function rewardRow(input: EventInput, referral: Referral, draft: RewardDraft, rulesVersion: number): Reward {
  const now = new Date();
  return {
    id: newId('rwd'),
    environmentId: input.environmentId,
    campaignId: input.campaignId,
    referralId: referral.id,
    userId: draft.recipient === 'referrer' ? input.referrerId : (input.refereeId as string),
    recipient: draft.recipient,
    type: draft.type,
    amount: draft.amount,
    currency: draft.currency,
    points: draft.points,
    voucherPoolId: draft.voucherPoolId,
    voucherCode: null,
    status: draft.status,
    statusReason: draft.statusReason,
    holdUntil: draft.holdDays > 0 ? new Date(now.getTime() + draft.holdDays * DAY_MS).toISOString() : null,
    needsReview: false,
    ruleId: draft.ruleId,
    rulesVersion,
    note: null,
    // What the evaluator charged the budget for this reward (the same rule).
    budgetCharged: budgetCharge(draft, input.campaign.budgets),
    budgetReleasedAt: null,
    payoutReference: null,
    reversedAmount: 0,
    proportional: draft.proportional === true,
    payoutId: null,
    cause: null,
    approvedAt: draft.status === 'approved' ? now.toISOString() : null,
    paidAt: null,
    cancelledAt: null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}
