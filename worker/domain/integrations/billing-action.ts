/** What a billing webhook asks Referrio to do, whichever provider sent it (docs/integrations.md). */
export interface BillingReferee {
  external_id: string;
  email?: string | null;
  name?: string | null;
}

export type BillingAction =
  | {
      kind: 'sale';
      orderId: string;
      amount: number;
      currency: string;
      /** Candidate referrer codes, most explicit first (metadata, then coupon / discount codes). */
      codes: string[];
      referee: BillingReferee | null;
      /** The provider's customer: remembered with the referee, so renewals find their referrer. */
      customerId: string | null;
      /** Everything a later refund or dispute may name this payment by. */
      paymentRefs: string[];
      metadata: Record<string, string>;
    }
  | { kind: 'signup'; codes: string[]; referee: BillingReferee; customerId: string | null }
  /** `refundId` tells an order's refunds apart (several partial refunds each count once). */
  | { kind: 'refund'; paymentRefs: string[]; amount: number | null; currency: string | null; refundId: string | null; metadata: Record<string, string> }
  | { kind: 'dispute'; paymentRefs: string[] }
  | { kind: 'redact-customer'; refereeExternalIds: string[]; customerId: string }
  | { kind: 'redact-shop' }
  | { kind: 'data-request'; refereeExternalIds: string[] }
  | { kind: 'ignore'; reason: string };

export type Json = Record<string, unknown>;

export const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
export const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : null);
export const int = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
/** An id field that may be a string or an expanded object with an `id`. */
export const idOf = (v: unknown): string | null => str(v) ?? str(obj(v).id);
export const compact = (values: (string | null | undefined)[]): string[] => [...new Set(values.filter((v): v is string => !!v))];
