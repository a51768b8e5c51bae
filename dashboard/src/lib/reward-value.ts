import type { Reward } from './api/types';
import { money, num } from './format';

/** "$12.00", "500 points", "voucher SAVE10-…" — what a reward is worth, in one phrase. */
export const rewardValue = (r: Partial<Reward>) =>
  r.type === 'points' ? `${num(r.points ?? 0)} points` : r.type === 'voucher' ? `voucher ${r.voucher_code ?? '(waiting for a code)'}` : money(r.amount, r.currency);

export const reasonText = (reason: string | null | undefined) => (reason ? reason.replace(/_/g, ' ') : '');
