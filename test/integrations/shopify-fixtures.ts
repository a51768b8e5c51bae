// Shopify webhook bodies as Shopify sends them (Admin API 2025-07; shapes from https://shopify.dev/docs/api/webhooks),
// trimmed to realistic fields.
let seq = 0;
const nextId = () => 5_600_000_000_000 + Date.now() * 10 + ++seq;

export function paidOrder(o: { total: string; currency?: string; discountCodes?: string[]; noteCode?: string; customerId?: number | null }) {
  const id = nextId();
  const customerId = o.customerId === undefined ? nextId() : o.customerId;
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${1000 + seq}`,
    email: `buyer-${id}@example.com`,
    created_at: new Date().toISOString(),
    currency: o.currency ?? 'USD',
    presentment_currency: o.currency ?? 'USD',
    current_total_price: o.total,
    total_price: o.total,
    subtotal_price: o.total,
    total_discounts: '0.00',
    financial_status: 'paid',
    discount_codes: (o.discountCodes ?? []).map((code) => ({ code, amount: '5.00', type: 'fixed_amount' })),
    note_attributes: o.noteCode ? [{ name: 'referrio_code', value: o.noteCode }] : [],
    customer: customerId === null ? null : { id: customerId, email: `buyer-${id}@example.com`, first_name: 'Sam', last_name: 'Buyer', state: 'enabled', currency: 'USD' },
    line_items: [{ id: nextId(), title: 'Coffee beans', quantity: 1, price: o.total, sku: 'BEANS-1' }],
  };
}

export function refundOf(orderId: number, amount: string, currency = 'USD') {
  const id = nextId();
  return {
    id,
    order_id: orderId,
    created_at: new Date().toISOString(),
    note: 'Customer changed their mind',
    restock: true,
    refund_line_items: [],
    transactions: [{ id: nextId(), order_id: orderId, kind: 'refund', gateway: 'shopify_payments', status: 'success', amount, currency }],
  };
}

export const customerRedact = (customerId: number) => ({
  shop_id: 954889,
  shop_domain: 'referrio-test.myshopify.com',
  customer: { id: customerId, email: 'buyer@example.com', phone: '555-625-1199' },
  orders_to_redact: [299938, 280263],
});

export const dataRequest = (customerId: number) => ({
  shop_id: 954889,
  shop_domain: 'referrio-test.myshopify.com',
  orders_requested: [299938],
  customer: { id: customerId, email: 'buyer@example.com', phone: '555-625-1199' },
  data_request: { id: 9999 },
});

export const shopRedact = () => ({ shop_id: 954889, shop_domain: 'referrio-test.myshopify.com' });
