import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import { date } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useForm } from '../../lib/use-form';
import { Notice } from '../notice';
import { SecretOnce } from '../secret-once';

/** The referral widget's settings: the origins publishable keys work from, and the secret that signs customer tokens. */
export function WidgetSettings() {
  const environment = useAsync(() => api.environment.get(), []);
  // Null until edited: the field shows the environment's list as loaded.
  const [edited, setOrigins] = useState<string | null>(null);
  const origins = edited ?? environment.data?.allowed_origins.join('\n') ?? '';
  const [secret, setSecret] = useState<string | null>(null);
  const save = useForm();
  const rotate = useForm();

  const submit = (e: Event) => {
    e.preventDefault();
    void save.submit(async () => {
      await api.environment.setAllowedOrigins(origins.split(/\s+/).filter(Boolean));
      setOrigins(null);
      environment.reload();
      return 'Saved.';
    });
  };
  const issue = () =>
    void rotate.submit(async () => {
      const r = await api.environment.rotateWidgetSecret();
      setSecret(r.secret);
      environment.reload();
      return 'Issued: tokens signed with the previous secret stop working now.';
    });
  const fieldError = Object.entries(save.errors).find(([field]) => field.startsWith('allowed_origins'))?.[1];
  const current = environment.data?.widget_secret;

  return (
    <section aria-labelledby="widget-title">
      <h2 id="widget-title">Referral widget</h2>
      <p class="muted">
        Embed <code>&lt;referrio-referral&gt;</code> on your shop with a publishable key and a customer token your server signs with the widget secret; see
        docs/widget.md.
      </p>
      {environment.error && <Notice message={{ kind: 'error', text: environment.error.message }} />}
      <form class="panel" onSubmit={submit} noValidate aria-label="Widget allowed origins">
        <label for="widget-origins">Allowed origins (one per line)</label>
        <textarea id="widget-origins" rows={3} value={origins} onInput={(e) => setOrigins(e.currentTarget.value)} placeholder="https://yourshop.com" aria-invalid={!!fieldError} />
        {fieldError && <p class="error">{fieldError}</p>}
        <div class="form-foot">
          <Notice message={save.message} />
          <button type="submit" class="primary" disabled={save.busy}>
            Save origins
          </button>
        </div>
      </form>
      {secret && <SecretOnce title="Widget secret" secret={secret} label="Widget secret" onDismiss={() => setSecret(null)} />}
      <div class="panel row">
        <p>{current ? <>Secret {current.prefix}…, issued {current.created_at ? date(current.created_at) : ''}.</> : 'No widget secret yet.'}</p>
        <button type="button" onClick={issue} disabled={rotate.busy}>
          {current ? 'Rotate widget secret' : 'Issue widget secret'}
        </button>
      </div>
      <Notice message={rotate.message} />
    </section>
  );
}
