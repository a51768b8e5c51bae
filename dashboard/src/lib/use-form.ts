import { useState } from 'preact/hooks';
import { ApiError } from './api/client';

export interface FormState {
  busy: boolean;
  /** Field name → the API's message for it. */
  errors: Record<string, string>;
  /** A message for the whole form: the problem's detail, or success. */
  message: { kind: 'ok' | 'error'; text: string } | null;
  /** The action may answer a success message. */
  submit: (action: () => Promise<unknown>) => Promise<boolean>;
  setMessage: (m: FormState['message']) => void;
}

/** Runs a form's action, spreading an API validation problem over its fields. */
export function useForm(): FormState {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<FormState['message']>(null);
  const submit = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const ok = await action();
      if (typeof ok === 'string' && ok) setMessage({ kind: 'ok', text: ok });
      return true;
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fields);
      setMessage({ kind: 'error', text: (err as Error).message });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, errors, message, submit, setMessage };
}
