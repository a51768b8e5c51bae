import { z } from '@hono/zod-openapi';

/**
 * Money rules shared by every currency and amount field of the API (sales, budgets, reward
 * specs, manual rewards) and by the engine. See docs/money.md.
 */

/**
 * The largest amount, in minor units, any field or computed reward may hold: 10^12 − 1, so every
 * amount is below 10^12 minor units ($10,000,000,000.00 is refused). One bound for every currency:
 * it has to leave room for currencies of small value (10^12 minor units of IDR is about $600,000).
 * Stays far below 2^53, so sums of many rewards are exact in JavaScript numbers.
 */
export const MAX_MINOR_UNITS = 999_999_999_999;

/** Active ISO 4217 currency codes (funds and precious-metal codes excluded: XAU, XBA…, XDR, XSU, XUA, XTS, XXX). */
export const ISO_4217_CODES: ReadonlySet<string> = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD ' +
    'CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF ' +
    'GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP ' +
    'LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB ' +
    'PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL ' +
    'THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG'
  ).split(' '),
);

/** An ISO 4217 code; accepted in any case, stored upper-case. */
export const CurrencySchema = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'Use a three-letter ISO 4217 code such as USD.')
  .transform((c) => c.toUpperCase())
  .refine((c) => ISO_4217_CODES.has(c), 'Not an ISO 4217 currency code.')
  .openapi({ example: 'USD', description: 'An ISO 4217 currency code.' });

/** A non-negative integer amount in minor units, at most MAX_MINOR_UNITS. */
export const MinorUnitsSchema = z
  .number()
  .int('Use integer minor units (cents).')
  .min(0, 'Must not be negative.')
  .max(MAX_MINOR_UNITS, `At most ${MAX_MINOR_UNITS} minor units.`);

/** A positive amount in minor units (rewards issued by hand). */
export const PositiveMinorUnitsSchema = z
  .number()
  .int('Use integer minor units (cents).')
  .min(1, 'Must be positive.')
  .max(MAX_MINOR_UNITS, `At most ${MAX_MINOR_UNITS} minor units.`);
