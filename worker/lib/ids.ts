import { customAlphabet } from 'nanoid';

const alphanumeric = customAlphabet('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 20);

export type IdPrefix = 'aud' | 'ws' | 'env' | 'adm' | 'key' | 'cmp' | 'usr' | 'req' | 'ref' | 'rwd' | 'vpl' | 'vch' | 'evt' | 'whe' | 'whd' | 'bev';

/** Stripe-style ids: the prefix tells a reader what the id points to. */
export const newId = (prefix: IdPrefix) => `${prefix}_${alphanumeric()}`;
