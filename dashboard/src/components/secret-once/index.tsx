import { CopyButton } from '../copy-button';

/** A secret the API returns only once: shown with a copy button and a warning. */
export function SecretOnce({ title, secret, label = 'New API key', onDismiss }: { title: string; secret: string; label?: string; onDismiss: () => void }) {
  return (
    <div class="panel secret" role="status">
      <strong>{title}</strong>
      <p>Copy it now: it is shown only once.</p>
      <div class="share">
        <input readOnly value={secret} aria-label={label} data-testid="new-key" onFocus={(e) => e.currentTarget.select()} />
        <CopyButton text={secret} />
      </div>
      <button type="button" onClick={onDismiss}>
        I have stored it
      </button>
    </div>
  );
}
