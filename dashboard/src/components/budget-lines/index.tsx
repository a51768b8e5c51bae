import { TextField } from '../field';

/** One budget line as the form holds it (the amount as typed). */
export interface BudgetLineDraft {
  currency: string;
  amount: string;
}

interface Usage {
  currency: string;
  spent: number;
  remaining: number;
}

interface Props {
  lines: BudgetLineDraft[];
  onChange: (lines: BudgetLineDraft[]) => void;
  /** The API's field errors under `budgets` (`0.amount`, `1.currency`, …). */
  errors: Record<string, string>;
  /** Spent and remaining per saved line (GET /v1/campaigns/{id}). */
  usage?: Usage[];
}

/** Budgets per currency: one line each, never converted (docs/money.md). No line: no budget. */
export function BudgetLines({ lines, onChange, errors, usage }: Props) {
  const put = (i: number, patch: Partial<BudgetLineDraft>) => onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return (
    <fieldset class="budget-lines">
      <legend>Budgets (one per currency)</legend>
      {lines.length === 0 && <p class="muted">No budget: cash and credit rewards in any currency are paid.</p>}
      {lines.map((line, i) => {
        const used = usage?.find((u) => u.currency === line.currency);
        return (
          <div class="row" key={i}>
            <TextField label="Currency" value={line.currency} onInput={(v) => put(i, { currency: v.toUpperCase() })} error={errors[`${i}.currency`]} />
            <TextField
              label="Amount (minor units)"
              type="number"
              value={line.amount}
              onInput={(v) => put(i, { amount: v })}
              error={errors[`${i}.amount`]}
              hint={used ? `Spent ${used.spent}, remaining ${used.remaining}.` : undefined}
            />
            <button type="button" onClick={() => onChange(lines.filter((_, j) => j !== i))} aria-label={`Remove the ${line.currency || 'new'} budget`}>
              Remove
            </button>
          </div>
        );
      })}
      {errors[''] && (
        <small class="error" role="alert">
          {errors['']}
        </small>
      )}
      <button type="button" onClick={() => onChange([...lines, { currency: '', amount: '' }])}>
        Add a currency
      </button>
    </fieldset>
  );
}
