import { type BillingAction, compact, type Json, obj, str } from './billing-action';

/** Shopify names the customers Referrio creates from its orders `shopify:<customer id>`. */
export const shopifyReferee = (customerId: string) => `shopify:${customerId}`;

/** "12.50" in `currency` → minor units (1250), exactly, from the decimal text; null when it is not an amount. */
export function decimalToMinor(value: unknown, currency: string): number | null {
  const text = str(value);
  if (!text || !/^\d{1,13}(\.\d{1,4})?$/.test(text)) return null;
  let digits: number;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return null;
  }
  const [whole = '0', fraction = ''] = text.split('.');
  if (fraction.replace(/0+$/, '').length > digits) return null;
  return Number(whole + fraction.padEnd(digits, '0').slice(0, digits));
}

function orderPaid(order: Json): BillingAction {
  const orderId = str(order.id);
  if (!orderId) return { kind: 'ignore', reason: 'order without an id' };
  const currency = (str(order.currency) ?? '').toUpperCase();
  const notes = Array.isArray(order.note_attributes) ? order.note_attributes.map(obj) : [];
  const discounts = Array.isArray(order.discount_codes) ? order.discount_codes.map(obj) : [];
  const codes = compact([...notes.filter((n) => str(n.name) === 'referrio_code').map((n) => str(n.value)), ...discounts.map((d) => str(d.code))]);
  const customer = obj(order.customer);
  const customerId = str(customer.id);
  const name = [str(customer.first_name), str(customer.last_name)].filter(Boolean).join(' ') || null;
  const amount = decimalToMinor(order.current_total_price ?? order.total_price, currency);
  return {
    kind: 'sale',
    orderId: `shopify:${orderId}`,
    amount: amount ?? -1,
    currency,
    codes,
    referee: customerId ? { external_id: shopifyReferee(customerId), email: str(customer.email) ?? str(order.email), name } : null,
    customerId,
    paymentRefs: [orderId],
    metadata: { shopify_order: orderId, ...(str(order.name) ? { shopify_order_name: str(order.name) as string } : {}) },
  };
}

function refundCreated(refund: Json): BillingAction {
  const orderId = str(refund.order_id);
  const transactions = Array.isArray(refund.transactions) ? refund.transactions.map(obj) : [];
  const refunds = transactions.filter((t) => str(t.kind) === 'refund' && (str(t.status) ?? 'success') === 'success');
  const currency = (str(refunds[0]?.currency) ?? '').toUpperCase() || null;
  const amounts = currency ? refunds.map((t) => decimalToMinor(t.amount, currency)) : [];
  const amount = amounts.length && amounts.every((a) => a !== null) ? amounts.reduce((s: number, a) => s + (a as number), 0) : null;
  return { kind: 'refund', paymentRefs: compact([orderId]), amount, currency, refundId: str(refund.id) ?? null, metadata: { shopify_refund: str(refund.id) ?? '' } };
}

/** Maps a verified Shopify webhook (its topic and body) to what Referrio does (docs/integrations.md). */
export function mapShopifyWebhook(topic: string, body: Json): BillingAction {
  switch (topic) {
    case 'orders/paid':
      return orderPaid(body);
    case 'refunds/create':
      return refundCreated(body);
    case 'customers/data_request':
    case 'customers/redact': {
      const customerId = str(obj(body.customer).id);
      const ids = customerId ? [shopifyReferee(customerId)] : [];
      return topic === 'customers/redact' ? { kind: 'redact-customer', refereeExternalIds: ids, customerId: customerId ?? '' } : { kind: 'data-request', refereeExternalIds: ids };
    }
    case 'shop/redact':
      return { kind: 'redact-shop' };
    default:
      return { kind: 'ignore', reason: `Referrio does not use ${topic}` };
  }
}
