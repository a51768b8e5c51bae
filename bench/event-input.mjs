// The campaign object's input for a sale, shared by the bench Workers (bench/worker.mjs, bench/latency-worker.mjs).
import { campaignTerms } from '../worker/services/referrals/referrals';

/**
 * The EventInput logReferral() (worker/services/referrals/referrals.ts) builds for
 * `POST /v1/referrals { code, type: 'sale', amount, currency, order_id }` with no referee:
 * same fields, same dedupe key, and the campaign's terms built by the same function (campaignTerms).
 */
export function eventInput(environmentId, campaign, referrerId, orderId, amount = 2500, currency = 'USD') {
  return {
    environmentId,
    campaignId: campaign.id,
    dedupeKey: `sale:order:${orderId}`,
    type: 'sale',
    referrerId,
    refereeId: null,
    refereeSignedUpAt: null,
    amount,
    currency,
    orderId,
    occurredAt: new Date().toISOString(),
    metadata: {},
    rejection: null,
    refundOf: null,
    ...campaignTerms(campaign),
  };
}
