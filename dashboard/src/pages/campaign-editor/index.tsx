import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../../lib/api/endpoints';
import type { Campaign, CampaignInput, Rule } from '../../lib/api/types';
import { optNum, str, under } from '../../lib/field-errors';
import { useAsync } from '../../lib/use-async';
import { useForm } from '../../lib/use-form';
import { EmptyState } from '../../components/empty-state';
import { Field, TextField } from '../../components/field';
import { Notice } from '../../components/notice';
import { Leaderboard } from '../../components/leaderboard';
import { RulesEditor } from '../../components/rules-editor';
import { BudgetLines, type BudgetLineDraft } from '../../components/budget-lines';

interface Draft {
  name: string;
  landing_url: string;
  allowed_domains: string;
  fallback_url: string;
  share_message: string;
  attribution_window_days: string;
  prefix_source: 'name' | 'fixed' | 'none';
  fixed_prefix: string;
  suffix_length: string;
  budgets: BudgetLineDraft[];
  widget_leaderboard: boolean;
  rules: Rule[];
}

const draftOf = (c?: Campaign): Draft => ({
  name: c?.name ?? '',
  landing_url: c?.landing_url ?? '',
  allowed_domains: c?.allowed_domains.join(', ') ?? '',
  fallback_url: c?.fallback_url ?? '',
  share_message: c?.share_message ?? '',
  attribution_window_days: str(c?.attribution_window_days ?? 30),
  prefix_source: c?.code_format.prefix_source ?? 'name',
  fixed_prefix: c?.code_format.fixed_prefix ?? '',
  suffix_length: str(c?.code_format.suffix_length ?? 6),
  budgets: (c?.budgets ?? []).map((b) => ({ currency: b.currency, amount: str(b.amount) })),
  widget_leaderboard: c?.widget_leaderboard ?? false,
  rules: (c?.rules as Rule[] | undefined) ?? [],
});

function bodyOf(d: Draft): CampaignInput {
  const domains = d.allowed_domains
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    name: d.name,
    landing_url: d.landing_url.trim() || null,
    ...(domains.length ? { allowed_domains: domains } : {}),
    fallback_url: d.fallback_url.trim() || null,
    share_message: d.share_message.trim() || null,
    attribution_window_days: optNum(d.attribution_window_days),
    code_format: {
      prefix_source: d.prefix_source,
      fixed_prefix: d.prefix_source === 'fixed' ? d.fixed_prefix || null : null,
      suffix_length: optNum(d.suffix_length),
    },
    // An amount left empty is NaN, sent as null: the API refuses it and names that line's amount.
    budgets: d.budgets.map((b) => ({ currency: b.currency.trim(), amount: b.amount.trim() ? Number(b.amount) : Number.NaN })),
    widget_leaderboard: d.widget_leaderboard,
    rules: d.rules,
  };
}

export function CampaignEditor({ id }: { id: string }) {
  const isNew = id === 'new';
  const { route } = useLocation();
  const campaign = useAsync(() => (isNew ? Promise.resolve(undefined) : api.campaigns.get(id)), [id]);
  const [d, setD] = useState<Draft>(draftOf());
  const form = useForm();
  useEffect(() => {
    if (campaign.data) setD(draftOf(campaign.data));
  }, [campaign.data]);

  if (campaign.error) return <EmptyState title="Campaign not found">{campaign.error.message} <a href="/campaigns">Back to campaigns</a></EmptyState>;
  if (!isNew && !campaign.data) return <p aria-busy="true">Loading…</p>;

  const set = (k: keyof Draft) => (v: string) => setD((s) => ({ ...s, [k]: v }));
  const e = form.errors;
  const save = (ev: Event) => {
    ev.preventDefault();
    void form.submit(async () => {
      if (isNew) {
        const created = await api.campaigns.create(bodyOf(d));
        route(`/campaigns/${created.id}`);
        return;
      }
      const updated = await api.campaigns.update(id, bodyOf(d));
      campaign.reload();
      return `Saved. Rules are at version ${updated.rules_version}.`;
    });
  };

  return (
    <section>
      <p>
        <a href="/campaigns">← Campaigns</a>
      </p>
      <h1>{isNew ? 'New campaign' : d.name}</h1>
      {campaign.data && (
        <p class="muted">
          Status: <span class={`status ${campaign.data.status}`}>{campaign.data.status}</span> · rules version {campaign.data.rules_version}
        </p>
      )}
      <form onSubmit={save} noValidate aria-label="Campaign">
        <div class="panel">
          <TextField label="Name" name="name" value={d.name} onInput={set('name')} error={e.name} required />
          <div class="row">
            <TextField label="Landing URL" name="landing_url" value={d.landing_url} onInput={set('landing_url')} error={e.landing_url} hint="Where share links send shoppers (https)." />
            <TextField label="Allowed domains" name="allowed_domains" value={d.allowed_domains} onInput={set('allowed_domains')} error={e.allowed_domains ?? e['allowed_domains.0']} hint="Comma separated; defaults to the landing URL's host." />
          </div>
          <div class="row">
            <TextField label="Fallback URL" value={d.fallback_url} onInput={set('fallback_url')} error={e.fallback_url} />
            <TextField label="Attribution window (days)" type="number" value={d.attribution_window_days} onInput={set('attribution_window_days')} error={e.attribution_window_days} />
          </div>
          <TextField label="Share message" value={d.share_message} onInput={set('share_message')} error={e.share_message} hint="{campaign} and {url} are replaced." />
          <div class="row">
            <Field label="Code prefix" error={e['code_format.prefix_source']}>
              {(ids) => (
                <select {...ids} value={d.prefix_source} onChange={(ev) => set('prefix_source')(ev.currentTarget.value)}>
                  <option value="name">Referrer's first name</option>
                  <option value="fixed">Fixed prefix</option>
                  <option value="none">None</option>
                </select>
              )}
            </Field>
            {d.prefix_source === 'fixed' && <TextField label="Fixed prefix" value={d.fixed_prefix} onInput={set('fixed_prefix')} error={e['code_format.fixed_prefix']} />}
            <TextField label="Suffix length" type="number" value={d.suffix_length} onInput={set('suffix_length')} error={e['code_format.suffix_length']} />
          </div>
          <label class="check">
            <input type="checkbox" checked={d.widget_leaderboard} onChange={(ev) => setD((s) => ({ ...s, widget_leaderboard: ev.currentTarget.checked }))} /> Show referrers their leaderboard
            rank in the widget
          </label>
          <BudgetLines lines={d.budgets} onChange={(budgets) => setD((s) => ({ ...s, budgets }))} errors={under(e, 'budgets')} usage={campaign.data?.budget_usage} />
        </div>
        <h2>Reward rules</h2>
        <RulesEditor rules={d.rules} onChange={(rules) => setD((s) => ({ ...s, rules }))} errors={under(e, 'rules')} />
        <div class="sticky-foot">
          <Notice message={form.message} />
          <button type="submit" class="primary" disabled={form.busy}>
            {form.busy ? 'Saving…' : isNew ? 'Create campaign' : 'Save campaign'}
          </button>
        </div>
      </form>
      {!isNew && <Leaderboard campaignId={id} />}
    </section>
  );
}
