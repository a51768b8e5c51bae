// Stripe events as Stripe sends them (API version 2025-08-27.basil; shapes from https://docs.stripe.com/api),
// trimmed to realistic fields. Every id is unique per call so tests never share objects.
let seq = 0;
const uid = () => `${Date.now().toString(36)}${(++seq).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const now = () => Math.floor(Date.now() / 1000);

export function stripeEvent(type: string, object: Record<string, unknown>, extra: { livemode?: boolean; previous_attributes?: Record<string, unknown>; id?: string } = {}) {
  return {
    id: extra.id ?? `evt_1${uid()}`,
    object: 'event',
    api_version: '2025-08-27.basil',
    created: now(),
    data: { object, ...(extra.previous_attributes ? { previous_attributes: extra.previous_attributes } : {}) },
    livemode: extra.livemode ?? false,
    pending_webhooks: 1,
    request: { id: `req_${uid()}`, idempotency_key: null },
    type,
  };
}

export interface SessionOptions {
  mode?: 'payment' | 'subscription';
  amount?: number;
  currency?: string;
  clientReferenceId?: string | null;
  customer?: string | null;
  metadata?: Record<string, string>;
  discounts?: { coupon?: string | null; promotion_code?: string | null }[];
  paymentStatus?: 'paid' | 'unpaid' | 'no_payment_required';
}

export function checkoutSession(o: SessionOptions = {}) {
  const id = uid();
  const subscription = o.mode === 'subscription';
  return {
    id: `cs_test_a1${id}`,
    object: 'checkout.session',
    amount_subtotal: o.amount ?? 4999,
    amount_total: o.amount ?? 4999,
    client_reference_id: o.clientReferenceId ?? null,
    created: now(),
    currency: o.currency ?? 'usd',
    customer: o.customer ?? null,
    customer_creation: 'if_required',
    customer_details: { address: { country: 'US', postal_code: '94107' }, email: `buyer-${id}@example.com`, name: 'Sam Buyer', phone: null, tax_exempt: 'none', tax_ids: [] },
    discounts: o.discounts ?? [],
    invoice: subscription ? `in_1${id}` : null,
    livemode: false,
    metadata: o.metadata ?? {},
    mode: o.mode ?? 'payment',
    payment_intent: subscription ? null : `pi_3${id}`,
    payment_status: o.paymentStatus ?? 'paid',
    status: 'complete',
    subscription: subscription ? `sub_1${id}` : null,
    success_url: 'https://shop.example.com/thanks',
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
  };
}

export function invoice(o: { id?: string; customer: string; amount: number; billingReason: string; currency?: string; paymentIntent?: string; subscription?: string }) {
  const id = o.id ?? `in_1${uid()}`;
  return {
    id,
    object: 'invoice',
    amount_due: o.amount,
    amount_paid: o.amount,
    amount_remaining: 0,
    billing_reason: o.billingReason,
    collection_method: 'charge_automatically',
    currency: o.currency ?? 'usd',
    customer: o.customer,
    customer_email: 'buyer@example.com',
    discounts: [],
    lines: { object: 'list', data: [], has_more: false, total_count: 1, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    parent: { quote_details: null, subscription_details: { metadata: {}, subscription: o.subscription ?? `sub_1${uid()}` }, type: 'subscription_details' },
    payments: { object: 'list', data: o.paymentIntent ? [{ id: `inpay_${uid()}`, object: 'invoice_payment', payment: { payment_intent: o.paymentIntent, type: 'payment_intent' }, status: 'paid' }] : [], has_more: false },
    status: 'paid',
    status_transitions: { paid_at: now() },
    total: o.amount,
  };
}

export function charge(o: { paymentIntent: string; amount: number; amountRefunded: number; currency?: string }) {
  return {
    id: `ch_3${uid()}`,
    object: 'charge',
    amount: o.amount,
    amount_captured: o.amount,
    amount_refunded: o.amountRefunded,
    captured: true,
    currency: o.currency ?? 'usd',
    disputed: false,
    livemode: false,
    paid: true,
    payment_intent: o.paymentIntent,
    refunded: o.amountRefunded === o.amount,
    status: 'succeeded',
  };
}

export function dispute(o: { paymentIntent: string; charge?: string; amount: number }) {
  return {
    id: `du_1${uid()}`,
    object: 'dispute',
    amount: o.amount,
    charge: o.charge ?? `ch_3${uid()}`,
    currency: 'usd',
    livemode: false,
    payment_intent: o.paymentIntent,
    reason: 'fraudulent',
    status: 'needs_response',
  };
}
