import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import type { Session } from '../../lib/api/types';
import { useForm } from '../../lib/use-form';
import { TextField } from '../../components/field';
import { Notice } from '../../components/notice';

/** First run: the instance has no admin yet. */
export function Setup({ onDone }: { onDone: (s: Session) => void }) {
  const [workspace, setWorkspace] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [setupToken, setSetupToken] = useState('');
  const form = useForm();
  const submit = (e: Event) => {
    e.preventDefault();
    void form.submit(async () => onDone(await api.auth.setup({ workspace_name: workspace, email, password, setup_token: setupToken })));
  };
  return (
    <main class="auth-card">
      <h1>Welcome to Referrio</h1>
      <p>This instance has no admin yet. Create your workspace and the first admin account with the setup token set at deploy.</p>
      <form onSubmit={submit} noValidate>
        <TextField label="Workspace name" name="workspace_name" value={workspace} onInput={setWorkspace} error={form.errors.workspace_name} required />
        <TextField label="Your email" type="email" name="email" autoComplete="username" value={email} onInput={setEmail} error={form.errors.email} required />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          hint="At least 10 characters."
          value={password}
          onInput={setPassword}
          error={form.errors.password}
          required
        />
        <TextField
          label="Setup token"
          type="password"
          name="setup_token"
          autoComplete="off"
          hint="The SETUP_TOKEN secret of this deployment; npm start prints the local one."
          value={setupToken}
          onInput={setSetupToken}
          error={form.errors.setup_token}
          required
        />
        <Notice message={form.message} />
        <button type="submit" class="primary" disabled={form.busy}>
          {form.busy ? 'Creating…' : 'Create workspace'}
        </button>
      </form>
    </main>
  );
}
