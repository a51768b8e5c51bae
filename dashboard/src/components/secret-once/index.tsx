import { CopyButton } from '../copy-button';

/** A secret the API returns only once: shown with a copy button and a warning. */
export function SecretOnce({ title, secret, onDismiss }: { title: string; secret: string; onDismiss: () => void }) {
  return (
    <div class="panel secret" role="status">
      <strong>{title}</strong>
      <p>Copy it now: it is shown only once and stored only as a hash.</p>
      <div class="share">
        <input readOnly value={secret} aria-label="New API key" data-testid="new-key" onFocus={(e) => e.currentTarget.select()} />
        <CopyButton text={secret} />
      </div>
      <button type="button" onClick={onDismiss}>
        I have stored it
      </button>
    </div>
  );
}
