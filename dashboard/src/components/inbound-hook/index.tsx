import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import { date } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useForm } from '../../lib/use-form';
import { Notice } from '../notice';
import { SecretOnce } from '../secret-once';

/** The environment's inbound qualify URL: whether one exists, and issuing or rotating it (shown once). */
export function InboundHook() {
  const hook = useAsync(() => api.inboundHook.get(), []);
  const [url, setUrl] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const action = useForm();
  const configured = !!hook.data?.configured;

  const rotate = () =>
    void action.submit(async () => {
      const r = await api.inboundHook.rotate();
      setUrl(r.url);
      setConfirming(false);
      hook.reload();
      return configured ? 'Rotated: the old URL stopped working now.' : 'Created.';
    });

  return (
    <section aria-labelledby="inbound-title">
      <h2 id="inbound-title">Inbound qualify URL</h2>
      <p class="muted">
        A secret URL for no-code tools (Zapier, a form, your shop's order hook): a POST with <code>code=</code> or <code>coupon=</code> redeems that voucher and
        qualifies the referee, with no API key.
      </p>
      {url && <SecretOnce title="Inbound qualify URL" secret={url} label="Inbound qualify URL" onDismiss={() => setUrl(null)} />}
      {hook.error && <Notice message={{ kind: 'error', text: hook.error.message }} />}
      {hook.data && (
        <div class="panel row" data-testid="inbound-hook">
          <p>
            {configured ? (
              <>
                A URL exists: <code>…/hooks/{hook.data.token_prefix}…/qualify</code>, created {date(hook.data.created_at)}.
              </>
            ) : (
              'No URL yet.'
            )}
          </p>
          <div class="row-actions">
            {confirming ? (
              <>
                <span>The current URL stops working at once.</span>
                <button type="button" class="danger" onClick={rotate} disabled={action.busy}>
                  Confirm rotate
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </>
            ) : (
              <button type="button" onClick={configured ? () => setConfirming(true) : rotate} disabled={action.busy}>
                {configured ? 'Rotate URL' : 'Create URL'}
              </button>
            )}
          </div>
        </div>
      )}
      <Notice message={action.message} />
    </section>
  );
}
