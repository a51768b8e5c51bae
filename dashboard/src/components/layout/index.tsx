import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useSession } from '../../lib/use-session';

const NAV = [
  ['/', 'Overview'],
  ['/users', 'Users'],
  ['/import', 'Import CSV'],
  ['/referrals/new', 'Add referral'],
  ['/campaigns', 'Campaigns'],
  ['/developers', 'Developers'],
] as const;

export function Layout({ children }: { children: ComponentChildren }) {
  const { session, mode, setMode, signOut } = useSession();
  const { path } = useLocation();
  const current = (href: string) => (href === '/' ? path === '/' : path.startsWith(href));
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After a client-side navigation, move focus to the new page so screen readers announce it.
  useEffect(() => {
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [path]);
  return (
    <div class={`shell mode-${mode}`}>
      {mode === 'test' && (
        <div class="test-banner" role="status">
          Test mode — you are viewing test data. Switch to live for real customers.
        </div>
      )}
      <header class="topbar">
        <a href="/" class="brand">
          Referrio
        </a>
        <span class="workspace">{session.workspace.name}</span>
        <label class="env-switch">
          <span>Environment</span>
          <select value={mode} onChange={(e) => setMode(e.currentTarget.value as 'test' | 'live')} aria-label="Environment">
            <option value="test">Test</option>
            <option value="live">Live</option>
          </select>
        </label>
        <span class="who">{session.admin.email}</span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <nav class="sidenav" aria-label="Main">
        {NAV.map(([href, label]) => (
          <a key={href} href={href} aria-current={current(href) ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      <main class="content" id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
