import { useEffect, useState } from 'preact/hooks';
import { LocationProvider, Route, Router } from 'preact-iso';
import { AddReferral } from './pages/add-referral';
import { CampaignEditor } from './pages/campaign-editor';
import { Campaigns } from './pages/campaigns';
import { CsvImport } from './pages/csv-import';
import { Developers } from './pages/developers';
import { EmptyState } from './components/empty-state';
import { ErrorBoundary } from './components/error-boundary';
import { Events } from './pages/events';
import { Integrations } from './pages/integrations';
import { AuditLog } from './pages/audit-log';
import { Layout } from './components/layout';
import { Overview } from './pages/overview';
import { Rewards } from './pages/rewards';
import { Setup } from './pages/setup';
import { SignIn } from './pages/sign-in';
import { UserDetail } from './pages/user-detail';
import { Users } from './pages/users';
import { Vouchers } from './pages/vouchers';
import { WebhookEndpointPage } from './pages/webhook-endpoint';
import { type Mode, SIGNED_OUT_EVENT, setCsrf, setMode as setApiMode } from './lib/api/client';
import { api } from './lib/api/endpoints';
import type { Session } from './lib/api/types';
import { SessionContext } from './lib/use-session';

const MODE_KEY = 'referrio.mode';

function NotFound() {
  return (
    <EmptyState title="No such page">
      <a href="/">Back to the overview</a>
    </EmptyState>
  );
}

export function App() {
  const [phase, setPhase] = useState<'loading' | 'setup' | 'sign-in' | 'in' | 'offline'>('loading');
  const [session, setSession] = useState<Session | null>(null);
  const [mode, setMode] = useState<Mode>(() => (localStorage.getItem(MODE_KEY) === 'live' ? 'live' : 'test'));
  setApiMode(mode);

  const enter = (s: Session) => {
    setCsrf(s.csrf_token);
    setSession(s);
    setPhase('in');
  };
  useEffect(() => {
    const expired = () => {
      setCsrf('');
      setSession(null);
      setPhase('sign-in');
    };
    window.addEventListener(SIGNED_OUT_EVENT, expired);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, expired);
  }, []);
  useEffect(() => {
    api.auth.session().then(enter, () =>
      api.auth.setupStatus().then(
        (s) => setPhase(s.setup_required ? 'setup' : 'sign-in'),
        () => setPhase('offline'),
      ),
    );
  }, []);

  const switchMode = (m: Mode) => {
    localStorage.setItem(MODE_KEY, m);
    setMode(m);
  };
  const signOut = async () => {
    await api.auth.logout().catch(() => undefined);
    setCsrf('');
    setSession(null);
    setPhase('sign-in');
  };

  if (phase === 'loading') return <p class="loading" aria-busy="true">Loading…</p>;
  if (phase === 'offline') return <EmptyState title="Cannot reach the Referrio API">Check that the Worker is running, then reload.</EmptyState>;
  if (phase === 'setup') return <Setup onDone={enter} />;
  if (phase === 'sign-in' || !session) return <SignIn onSignedIn={enter} />;

  return (
    <SessionContext.Provider value={{ session, mode, setMode: switchMode, signOut }}>
      <LocationProvider>
        <Layout>
          <ErrorBoundary>
            {/* Keyed by environment: switching reloads every page's data. */}
            <Router key={mode}>
              <Route path="/" component={Overview} />
              <Route path="/users" component={Users} />
              <Route path="/users/:id" component={UserDetail} />
              <Route path="/import" component={CsvImport} />
              <Route path="/referrals/new" component={AddReferral} />
              <Route path="/rewards" component={Rewards} />
              <Route path="/vouchers" component={Vouchers} />
              <Route path="/campaigns" component={Campaigns} />
              <Route path="/campaigns/:id" component={CampaignEditor} />
              <Route path="/integrations" component={Integrations} />
              <Route path="/developers" component={Developers} />
              <Route path="/developers/events" component={Events} />
              <Route path="/audit-log" component={AuditLog} />
              <Route path="/developers/webhooks/:id" component={WebhookEndpointPage} />
              <Route default component={NotFound} />
            </Router>
          </ErrorBoundary>
        </Layout>
      </LocationProvider>
    </SessionContext.Provider>
  );
}
