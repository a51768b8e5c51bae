import type { Rule } from '../../lib/api/types';
import { optNum, str, under } from '../../lib/field-errors';
import { Field, TextField } from '../field';
import { RewardSpecEditor } from '../reward-spec-editor';

type Conditions = NonNullable<Rule['conditions']>;

interface Props {
  rules: Rule[];
  onChange: (rules: Rule[]) => void;
  /** Errors under `rules`. */
  errors: Record<string, string>;
}

const newRule = (n: number): Rule => ({
  id: `rule-${n}`,
  trigger: 'sale',
  recipients: { referrer: { type: 'cash', amount: 1000, currency: 'USD' } },
  approval: 'auto',
  hold_days: 0,
});

/** Drops empty optional groups so the API sees only what was set. */
function clean(rule: Rule): Rule {
  const c = Object.fromEntries(Object.entries(rule.conditions ?? {}).filter(([, v]) => v !== undefined && v !== '')) as Conditions;
  const out: Rule = { ...rule, conditions: Object.keys(c).length ? c : undefined };
  if (!out.tiers?.length) delete out.tiers;
  return out;
}

export function RulesEditor({ rules, onChange, errors }: Props) {
  const update = (i: number, rule: Rule) => onChange(rules.map((r, j) => (j === i ? clean(rule) : r)));
  const move = (i: number, d: -1 | 1) => {
    const next = [...rules];
    const [r] = next.splice(i, 1);
    next.splice(i + d, 0, r as Rule);
    onChange(next);
  };
  return (
    <div class="rules">
      {errors[''] && (
        <p class="error" role="alert">
          {errors['']}
        </p>
      )}
      {rules.length === 0 && <p class="muted">No rules: events are recorded but earn nothing. Add a rule to reward referrers or referees.</p>}
      {rules.map((rule, i) => (
        <RuleCard
          key={i}
          index={i}
          rule={rule}
          count={rules.length}
          errors={under(errors, String(i))}
          onChange={(r) => update(i, r)}
          onRemove={() => onChange(rules.filter((_, j) => j !== i))}
          onMove={(d) => move(i, d)}
        />
      ))}
      <button type="button" onClick={() => onChange([...rules, newRule(rules.length + 1)])}>
        Add rule
      </button>
    </div>
  );
}

interface CardProps {
  index: number;
  rule: Rule;
  count: number;
  errors: Record<string, string>;
  onChange: (r: Rule) => void;
  onRemove: () => void;
  onMove: (d: -1 | 1) => void;
}

function RuleCard({ index, rule, count, errors, onChange, onRemove, onMove }: CardProps) {
  const set = (patch: Partial<Rule>) => onChange({ ...rule, ...patch });
  const cond = rule.conditions ?? {};
  const setCond = (patch: Partial<Conditions>) => set({ conditions: { ...cond, ...patch } });
  const ce = under(errors, 'conditions');
  const meta = Object.entries(cond.metadata_equals ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const milestone = rule.milestone ? (rule.milestone.every ? 'every' : 'nth') : 'none';
  return (
    <fieldset class="rule panel" aria-label={`Rule ${index + 1}`}>
      <legend>
        Rule {index + 1}: {rule.name || rule.id}
      </legend>
      <div class="row">
        <TextField label="Rule id" value={rule.id} onInput={(v) => set({ id: v })} error={errors.id} />
        <TextField label="Name" value={rule.name ?? ''} onInput={(v) => set({ name: v || undefined })} error={errors.name} />
        <TextField label="Trigger (event type)" value={rule.trigger} onInput={(v) => set({ trigger: v })} error={errors.trigger} hint="signup, sale or a custom type" />
      </div>
      <details open={Object.keys(ce).length > 0 || Object.keys(cond).length > 0}>
        <summary>Conditions</summary>
        <div class="row">
          <TextField label="Min amount (minor units)" type="number" value={str(cond.min_amount)} onInput={(v) => setCond({ min_amount: optNum(v) })} error={ce.min_amount} />
          <TextField label="Max amount (minor units)" type="number" value={str(cond.max_amount)} onInput={(v) => setCond({ max_amount: optNum(v) })} error={ce.max_amount} />
          <TextField label="Currency" value={cond.currency ?? ''} onInput={(v) => setCond({ currency: v.toUpperCase() || undefined })} error={ce.currency} />
          <TextField label="Within days of signup" type="number" value={str(cond.within_days_of_signup)} onInput={(v) => setCond({ within_days_of_signup: optNum(v) })} error={ce.within_days_of_signup} />
        </div>
        <label class="check">
          <input type="checkbox" checked={!!cond.first_purchase_only} onChange={(e) => setCond({ first_purchase_only: e.currentTarget.checked || undefined })} /> First purchase only
        </label>
        <TextField
          label="Metadata equals"
          value={meta}
          hint="key=value pairs, comma separated"
          error={ce.metadata_equals}
          onInput={(v) => {
            const pairs = v
              .split(',')
              .map((p) => p.split('=').map((s) => s.trim()))
              .filter(([k]) => k);
            setCond({ metadata_equals: pairs.length ? Object.fromEntries(pairs.map(([k, val]) => [k as string, val ?? ''])) : undefined });
          }}
        />
      </details>
      <p class="error">{errors.recipients}</p>
      <div class="row">
        <RewardSpecEditor legend="Referrer gets" value={rule.recipients.referrer} errors={under(errors, 'recipients.referrer')} onChange={(s) => set({ recipients: { ...rule.recipients, referrer: s } })} />
        <RewardSpecEditor legend="Referee gets" value={rule.recipients.referee} errors={under(errors, 'recipients.referee')} onChange={(s) => set({ recipients: { ...rule.recipients, referee: s } })} />
      </div>
      <div class="row">
        <Field label="Milestone" error={errors.milestone}>
          {(ids) => (
            <select
              {...ids}
              value={milestone}
              onChange={(e) => {
                const v = e.currentTarget.value;
                set({ milestone: v === 'none' ? undefined : { every: v === 'every', n: rule.milestone?.n ?? 3 } });
              }}
            >
              <option value="none">Every qualifying referral</option>
              <option value="every">Every Nth referral</option>
              <option value="nth">Only the Nth referral</option>
            </select>
          )}
        </Field>
        {rule.milestone && (
          <TextField label="N" type="number" value={str(rule.milestone.n)} onInput={(v) => set({ milestone: { every: !!rule.milestone?.every, n: optNum(v) as number } })} error={errors['milestone.n']} />
        )}
        <TextField label="Max rewards per referrer" type="number" value={str(rule.max_rewards_per_referrer)} onInput={(v) => set({ max_rewards_per_referrer: optNum(v) })} error={errors.max_rewards_per_referrer} />
      </div>
      <div class="row">
        <Field label="Approval" error={errors.approval}>
          {(ids) => (
            <select {...ids} value={rule.approval ?? 'auto'} onChange={(e) => set({ approval: e.currentTarget.value as 'auto' | 'manual' })}>
              <option value="auto">Automatic</option>
              <option value="manual">Manual review</option>
            </select>
          )}
        </Field>
        <TextField label="Hold days" type="number" value={str(rule.hold_days)} onInput={(v) => set({ hold_days: optNum(v) })} error={errors.hold_days} hint="Cash and credit stay pending (refund window)." />
      </div>
      <details open={!!rule.tiers?.length}>
        <summary>Tiers ({rule.tiers?.length ?? 0})</summary>
        {(rule.tiers ?? []).map((t, ti) => (
          <div class="tier" key={ti}>
            <TextField
              label="From referral #"
              type="number"
              value={str(t.from)}
              onInput={(v) => set({ tiers: (rule.tiers ?? []).map((x, j) => (j === ti ? { ...x, from: optNum(v) as number } : x)) })}
              error={errors[`tiers.${ti}.from`]}
            />
            <RewardSpecEditor
              legend="Referrer gets instead"
              optional={false}
              value={t.referrer}
              errors={under(errors, `tiers.${ti}.referrer`)}
              onChange={(s) => s && set({ tiers: (rule.tiers ?? []).map((x, j) => (j === ti ? { ...x, referrer: s } : x)) })}
            />
            <button type="button" onClick={() => set({ tiers: (rule.tiers ?? []).filter((_, j) => j !== ti) })}>
              Remove tier
            </button>
          </div>
        ))}
        <button type="button" onClick={() => set({ tiers: [...(rule.tiers ?? []), { from: 6, referrer: { type: 'percentage', percent: 15 } }] })}>
          Add tier
        </button>
        {errors.tiers && <p class="error">{errors.tiers}</p>}
      </details>
      <div class="rule-actions">
        <button type="button" disabled={index === 0} onClick={() => onMove(-1)} aria-label={`Move rule ${index + 1} up`}>
          ↑
        </button>
        <button type="button" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={`Move rule ${index + 1} down`}>
          ↓
        </button>
        <button type="button" class="danger" onClick={onRemove}>
          Remove rule
        </button>
      </div>
    </fieldset>
  );
}
