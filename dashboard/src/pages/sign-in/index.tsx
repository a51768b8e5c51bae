import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import type { Session } from '../../lib/api/types';
import { useForm } from '../../lib/use-form';
import { TextField } from '../../components/field';
import { Notice } from '../../components/notice';

export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useForm();
  const submit = (e: Event) => {
    e.preventDefault();
    void form.submit(async () => onSignedIn(await api.auth.login({ email, password })));
  };
  return (
    <main class="auth-card">
      <h1>Sign in to Referrio</h1>
      <form onSubmit={submit} noValidate>
        <TextField label="Email" type="email" name="email" autoComplete="username" value={email} onInput={setEmail} error={form.errors.email} required />
        <TextField label="Password" type="password" name="password" autoComplete="current-password" value={password} onInput={setPassword} error={form.errors.password} required />
        <Notice message={form.message} />
        <button type="submit" class="primary" disabled={form.busy}>
          {form.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
