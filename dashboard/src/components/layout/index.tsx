import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useSession } from '../../lib/use-session';
import css from './layout.module.css';

const NAV = [
  ['/', 'Overview'],
  ['/users', 'Users'],
  ['/import', 'Import CSV'],
  ['/referrals/new', 'Add referral'],
  ['/rewards', 'Rewards'],
  ['/vouchers', 'Vouchers'],
  ['/campaigns', 'Campaigns'],
  ['/integrations', 'Integrations'],
  ['/developers', 'Developers'],
  ['/audit-log', 'Audit log'],
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
    <div class={`${css.shell} ${mode === 'live' ? css.modeLive : ''}`}>
      {mode === 'test' && (
        <div class={css.testBanner} role="status">
          Test mode — you are viewing test data. Switch to live for real customers.
        </div>
      )}
      <header class={css.topbar}>
        <a href="/" class={css.brand}>
          Referrio
        </a>
        <span class={css.workspace}>{session.workspace.name}</span>
        <label class={css.envSwitch}>
          <span>Environment</span>
          <select value={mode} onChange={(e) => setMode(e.currentTarget.value as 'test' | 'live')} aria-label="Environment">
            <option value="test">Test</option>
            <option value="live">Live</option>
          </select>
        </label>
        <span class={css.who}>{session.admin.email}</span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <nav class={css.sidenav} aria-label="Main">
        {NAV.map(([href, label]) => (
          <a key={href} href={href} aria-current={current(href) ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      <main class={css.content} id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
