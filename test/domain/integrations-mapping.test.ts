import { describe, expect, it } from 'vitest';
import { decimalToMinor, mapShopifyWebhook } from '../../worker/domain/integrations/shopify-mapping';
import { mapStripeEvent, parseStripeEvent } from '../../worker/domain/integrations/stripe-mapping';

describe('decimalToMinor', () => {
  it('converts exactly by the currency’s minor units', () => {
    expect(decimalToMinor('120.50', 'USD')).toBe(12050);
    expect(decimalToMinor('0.10', 'USD')).toBe(10);
    expect(decimalToMinor('5400', 'JPY')).toBe(5400);
    expect(decimalToMinor('1.234', 'KWD')).toBe(1234);
    expect(decimalToMinor('19.99', 'EUR')).toBe(1999);
  });

  it('refuses what is not an amount of that currency', () => {
    expect(decimalToMinor('1.5', 'JPY')).toBeNull();
    expect(decimalToMinor('-1.00', 'USD')).toBeNull();
    expect(decimalToMinor('1e3', 'USD')).toBeNull();
    expect(decimalToMinor(12.5, 'USD')).toBeNull();
    expect(decimalToMinor('1.00', 'NOPE')).toBeNull();
  });
});

describe('Stripe mapping', () => {
  const event = (type: string, object: Record<string, unknown>) => parseStripeEvent({ id: 'evt_1', type, livemode: false, data: { object } });

  it('refuses a body that is not an event', () => {
    expect(parseStripeEvent({ id: 'evt_1', type: 'x' })).toBeNull();
    expect(parseStripeEvent([])).toBeNull();
  });

  it('takes the metadata code before a coupon, and a subscription session’s invoice as its order', () => {
    const e = event('checkout.session.completed', {
      id: 'cs_1', mode: 'subscription', payment_status: 'paid', amount_total: 900, currency: 'eur', invoice: 'in_1', customer: 'cus_1',
      metadata: { referrio_code: 'META' }, discounts: [{ coupon: 'COUPON', promotion_code: 'promo_1' }],
    });
    expect(e && mapStripeEvent(e)).toMatchObject({ kind: 'sale', orderId: 'in_1', amount: 900, currency: 'EUR', codes: ['META', 'COUPON'], customerId: 'cus_1', referee: { external_id: 'cus_1' } });
  });

  it('makes a free trial a signup, and an unpaid session nothing', () => {
    const trial = event('checkout.session.completed', { id: 'cs_2', mode: 'subscription', payment_status: 'no_payment_required', amount_total: 0, client_reference_id: 'u1', metadata: { referrio_code: 'C' } });
    expect(trial && mapStripeEvent(trial)).toMatchObject({ kind: 'signup', referee: { external_id: 'u1' }, codes: ['C'] });
    const unpaid = event('checkout.session.completed', { id: 'cs_3', mode: 'payment', payment_status: 'unpaid', amount_total: 100 });
    expect(unpaid && mapStripeEvent(unpaid)).toMatchObject({ kind: 'ignore' });
  });

  it('refunds only this refund’s amount', () => {
    const e = parseStripeEvent({
      id: 'evt_2', type: 'charge.refunded', livemode: false,
      data: { object: { id: 'ch_1', payment_intent: 'pi_1', amount: 1000, amount_refunded: 700, currency: 'usd', refunded: false }, previous_attributes: { amount_refunded: 300 } },
    });
    expect(e && mapStripeEvent(e)).toMatchObject({ kind: 'refund', amount: 400, currency: 'USD', paymentRefs: ['pi_1', 'ch_1'] });
  });
});

describe('Shopify mapping', () => {
  it('takes the note attribute before discount codes', () => {
    const action = mapShopifyWebhook('orders/paid', { id: 7, currency: 'usd', total_price: '10.00', note_attributes: [{ name: 'referrio_code', value: 'NOTE' }], discount_codes: [{ code: 'DISC' }], customer: { id: 9 } });
    expect(action).toMatchObject({ kind: 'sale', orderId: 'shopify:7', amount: 1000, currency: 'USD', codes: ['NOTE', 'DISC'], referee: { external_id: 'shopify:9' } });
  });
});
