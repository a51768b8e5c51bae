import type { RewardSpec } from '../../lib/api/types';
import { optNum, str } from '../../lib/field-errors';
import { money } from '../../lib/format';
import { Field, TextField } from '../field';

type Kind = RewardSpec['type'];
const BLANK: Record<Kind, RewardSpec> = {
  cash: { type: 'cash', amount: 1000, currency: 'USD' },
  percentage: { type: 'percentage', percent: 10 },
  credit: { type: 'credit', amount: 1000, currency: 'USD' },
  points: { type: 'points', points: 100 },
  voucher: { type: 'voucher', pool_id: '' },
};

interface Props {
  legend: string;
  value: RewardSpec | undefined;
  onChange: (v: RewardSpec | undefined) => void;
  /** Errors under this spec's path. */
  errors: Record<string, string>;
  optional?: boolean;
}

const preview = (amount: number | undefined, currency: string | undefined) => {
  try {
    return amount !== undefined && currency && /^[A-Z]{3}$/.test(currency) ? `= ${money(amount, currency)}` : undefined;
  } catch {
    return undefined;
  }
};

/** One reward: cash, a percentage of the sale, credit, points or a voucher. */
export function RewardSpecEditor({ legend, value, onChange, errors, optional = true }: Props) {
  const set = (patch: Record<string, unknown>) => onChange({ ...(value as RewardSpec), ...patch } as RewardSpec);
  return (
    <fieldset class="spec">
      <legend>{legend}</legend>
      <Field label="Reward" error={errors[''] ?? errors.type}>
        {(ids) => (
          <select {...ids} value={value?.type ?? ''} onChange={(e) => onChange(e.currentTarget.value ? BLANK[e.currentTarget.value as Kind] : undefined)}>
            {optional && <option value="">None</option>}
            <option value="cash">Cash</option>
            <option value="percentage">Percentage of sale</option>
            <option value="credit">Store credit</option>
            <option value="points">Points</option>
            <option value="voucher">Voucher from a pool</option>
          </select>
        )}
      </Field>
      {(value?.type === 'cash' || value?.type === 'credit') && (
        <div class="row">
          <TextField label="Amount (minor units)" type="number" value={str(value.amount)} onInput={(v) => set({ amount: optNum(v) })} error={errors.amount} hint={preview(value.amount, value.currency)} />
          <TextField label="Currency" value={value.currency} onInput={(v) => set({ currency: v.toUpperCase() })} error={errors.currency} />
        </div>
      )}
      {value?.type === 'percentage' && (
        <div class="row">
          <TextField label="Percent" type="number" value={str(value.percent)} onInput={(v) => set({ percent: optNum(v) })} error={errors.percent} />
          <TextField label="Cap per reward (minor units)" type="number" value={str(value.max_amount)} onInput={(v) => set({ max_amount: optNum(v) })} error={errors.max_amount} />
        </div>
      )}
      {value?.type === 'points' && <TextField label="Points" type="number" value={str(value.points)} onInput={(v) => set({ points: optNum(v) })} error={errors.points} />}
      {value?.type === 'voucher' && <TextField label="Voucher pool id" value={value.pool_id} onInput={(v) => set({ pool_id: v })} error={errors.pool_id} />}
    </fieldset>
  );
}
