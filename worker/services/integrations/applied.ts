import type { BillingEvent } from '../../db/schema';

export type Outcome = BillingEvent['outcome'];

/** What applying one billing event did: its outcome, why, and the referral and order it touched. */
export interface Applied {
  outcome: Outcome;
  reason: string | null;
  referralId?: string | null;
  orderId?: string | null;
}
