import { type BillingAction, type BillingReferee, compact, idOf, int, type Json, obj, str } from './billing-action';

/** The fields of a Stripe event Referrio reads (https://docs.stripe.com/api/events/object). */
export interface StripeEvent {
  id: string;
  type: string;
  livemode: boolean;
  object: Json;
  previous: Json;
}

export function parseStripeEvent(body: unknown): StripeEvent | null {
  const e = obj(body);
  const id = str(e.id);
  const type = str(e.type);
  if (!id || !type || typeof e.livemode !== 'boolean') return null;
  return { id, type, livemode: e.livemode, object: obj(obj(e.data).object), previous: obj(obj(e.data).previous_attributes) };
}

const metadataOf = (o: Json) => obj(o.metadata);

/** A discount's coupon id and promotion code (the latter only when expanded: a webhook carries `promo_…` ids). */
function discountCodes(discounts: unknown): string[] {
  if (!Array.isArray(discounts)) return [];
  return discounts.flatMap((d) => {
    const discount = obj(d);
    const coupon = discount.coupon ?? obj(discount.source).coupon;
    return compact([str(obj(discount.promotion_code).code), idOf(coupon)]);
  });
}

function sessionReferee(session: Json): BillingReferee | null {
  const details = obj(session.customer_details);
  const externalId = str(session.client_reference_id) ?? str(metadataOf(session).referrio_referee) ?? idOf(session.customer);
  return externalId ? { external_id: externalId, email: str(details.email), name: str(details.name) } : null;
}

function checkoutSession(session: Json): BillingAction {
  const mode = str(session.mode);
  if (mode !== 'payment' && mode !== 'subscription') return { kind: 'ignore', reason: `checkout mode '${mode ?? 'unknown'}' has no sale` };
  const codes = compact([str(metadataOf(session).referrio_code), ...discountCodes(session.discounts)]);
  const referee = sessionReferee(session);
  const customerId = idOf(session.customer);
  const status = str(session.payment_status);
  const amount = int(session.amount_total);
  if (status === 'no_payment_required' || amount === 0) {
    // A free trial: the referee is linked now, the first paid invoice is the sale.
    return referee ? { kind: 'signup', codes, referee, customerId } : { kind: 'ignore', reason: 'no payment and no customer' };
  }
  if (status !== 'paid') return { kind: 'ignore', reason: `payment_status '${status ?? 'unknown'}' (the sale comes with checkout.session.async_payment_succeeded)` };
  const sessionId = str(session.id) as string;
  // A subscription's first invoice is the same payment as its session: one order, whichever event comes first.
  const invoice = idOf(session.invoice);
  const orderId = mode === 'subscription' && invoice ? invoice : sessionId;
  return {
    kind: 'sale',
    orderId,
    amount: amount ?? 0,
    currency: (str(session.currency) ?? '').toUpperCase(),
    codes,
    referee,
    customerId,
    paymentRefs: compact([sessionId, invoice, idOf(session.payment_intent)]),
    metadata: { stripe_checkout_session: sessionId, ...(mode === 'subscription' ? { recurring: 'first' } : {}) },
  };
}

function invoicePaid(invoice: Json): BillingAction {
  const amount = int(invoice.amount_paid);
  if (!amount) return { kind: 'ignore', reason: 'nothing paid (a trial or a zero invoice)' };
  const reason = str(invoice.billing_reason);
  const subscriptionMetadata = obj(obj(obj(invoice.parent).subscription_details).metadata);
  const legacySubscriptionMetadata = obj(obj(invoice.subscription_details).metadata);
  const codes = compact([
    str(metadataOf(invoice).referrio_code),
    str(subscriptionMetadata.referrio_code),
    str(legacySubscriptionMetadata.referrio_code),
    ...discountCodes(invoice.discounts),
  ]);
  const invoiceId = str(invoice.id) as string;
  const payments = Array.isArray(obj(invoice.payments).data) ? (obj(invoice.payments).data as unknown[]) : [];
  return {
    kind: 'sale',
    orderId: invoiceId,
    amount,
    currency: (str(invoice.currency) ?? '').toUpperCase(),
    codes,
    referee: null,
    customerId: idOf(invoice.customer),
    paymentRefs: compact([invoiceId, idOf(invoice.payment_intent), idOf(invoice.charge), ...payments.map((p) => idOf(obj(obj(p).payment).payment_intent))]),
    metadata: {
      stripe_invoice: invoiceId,
      stripe_billing_reason: reason ?? 'unknown',
      recurring: reason === 'subscription_create' ? 'first' : reason === 'subscription_cycle' ? 'renewal' : 'other',
    },
  };
}

function chargeRefunded(charge: Json, previous: Json): BillingAction {
  const total = int(charge.amount_refunded);
  const before = int(previous.amount_refunded) ?? 0;
  const chargeId = str(charge.id) as string;
  return {
    kind: 'refund',
    paymentRefs: compact([idOf(charge.payment_intent), chargeId, idOf(charge.invoice)]),
    amount: total === null ? null : total - before,
    currency: str(charge.currency)?.toUpperCase() ?? null,
    // One charge.refunded per refund, each with the charge's new refunded total: the total names
    // this increment (charge.refunds is no longer expanded in webhooks, so no re_ id to take).
    refundId: total === null ? null : `${chargeId}:${total}`,
    metadata: { stripe_charge: chargeId, refunded_total: String(total ?? ''), full: charge.refunded === true ? 'true' : 'false' },
  };
}

/** Maps a verified Stripe event to what Referrio does with it (the table in docs/integrations.md). */
export function mapStripeEvent(event: StripeEvent): BillingAction {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return checkoutSession(event.object);
    case 'invoice.paid':
      return invoicePaid(event.object);
    case 'charge.refunded':
      return chargeRefunded(event.object, event.previous);
    case 'charge.dispute.created':
      return { kind: 'dispute', paymentRefs: compact([idOf(event.object.payment_intent), idOf(event.object.charge)]) };
    default:
      return { kind: 'ignore', reason: `Referrio does not use ${event.type}` };
  }
}
