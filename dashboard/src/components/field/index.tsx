import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

interface FieldProps {
  label: string;
  error?: string;
  hint?: string;
  /** Renders the control; gets the ids that tie it to its label and messages. */
  children: (ids: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ComponentChildren;
}

/** A labelled control with the API's message for it underneath. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const describedBy = [error ? `${id}-err` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-err`} class="error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

interface InputProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'number' | 'url' | 'search';
  name?: string;
  required?: boolean;
  placeholder?: string;
  autoComplete?: string;
}

export function TextField({ label, value, onInput, error, hint, type = 'text', ...rest }: InputProps) {
  return (
    <Field label={label} error={error} hint={hint}>
      {/* Preact's types tie `role` to each input type; these inputs take none, so any listed type is fine. */}
      {(ids) => <input {...ids} {...rest} type={type as 'text'} value={value} onInput={(e) => onInput(e.currentTarget.value)} />}
    </Field>
  );
}
