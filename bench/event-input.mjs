// The campaign object's input for a sale, shared by the bench Workers (bench/worker.mjs, bench/latency-worker.mjs).

/**
 * The EventInput logReferral() (worker/services/referrals/referrals.ts) builds for
 * `POST /v1/referrals { code, type: 'sale', amount, currency, order_id }` with no referee:
 * same fields, same dedupe key, campaign window and rules read from the campaign's D1 row.
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
    campaign: {
      status: campaign.status,
      startsAt: campaign.startsAt,
      endsAt: campaign.endsAt,
      budgets: campaign.budgets,
    },
    legacyBudgetCurrency: campaign.budgetCurrency,
    rules: { version: campaign.rulesVersion, rules: campaign.rules },
  };
}
