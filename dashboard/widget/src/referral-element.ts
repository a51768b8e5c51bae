import { callReferrer, type Outcome, type Referrer } from './api';
import { EN, fill, type Texts, textsFor } from './i18n';
import { qrSvg } from './qr';
import { CSS } from './styles';

type Child = Node | string | null | false;

/** Builds an element; text always goes in as text nodes, so a name with markup shows as text. */
function h(tag: string, props: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== false) el.append(c);
  return el;
}

// Learnt while the script runs: the API lives where the script came from.
const SCRIPT_ORIGIN = (() => {
  const src = (document.currentScript as HTMLScriptElement | null)?.src;
  return src ? new URL(src).origin : location.origin;
})();

export class ReferrioReferral extends HTMLElement {
  static observedAttributes = ['token', 'publishable-key', 'lang', 'api', 'texts'];
  #root = this.attachShadow({ mode: 'open' });
  #outcome: Outcome | { state: 'loading' } = { state: 'loading' };
  #overrides: Partial<Texts> = {};
  #status: HTMLElement = h('p', { role: 'status', 'aria-live': 'polite', class: 'sr' });
  #loadId = 0;
  #connected = false;

  /** Texts the shop overrides (or the `texts` attribute, as JSON). */
  set texts(value: Partial<Texts>) {
    this.#overrides = value ?? {};
    this.#render();
  }

  connectedCallback() {
    this.#connected = true;
    this.#load('GET');
  }

  disconnectedCallback() {
    this.#connected = false;
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null) {
    if (!this.#connected || old === value) return;
    if (name === 'lang' || name === 'texts') this.#render();
    else this.#load('GET');
  }

  get #t(): Texts {
    const attribute = this.getAttribute('texts');
    let fromAttribute: Partial<Texts> = {};
    if (attribute) {
      try {
        fromAttribute = JSON.parse(attribute) as Partial<Texts>;
      } catch {
        // Not JSON: the built-in texts stay.
      }
    }
    return { ...EN, ...textsFor(this.#lang).texts, ...fromAttribute, ...this.#overrides };
  }

  get #lang(): string {
    return this.getAttribute('lang') || document.documentElement.lang || navigator.language;
  }

  async #load(method: 'GET' | 'POST') {
    const id = ++this.#loadId;
    const token = this.getAttribute('token');
    const key = this.getAttribute('publishable-key');
    this.#outcome = { state: 'loading' };
    this.#render();
    const outcome: Outcome = token && key ? await callReferrer(this.getAttribute('api') || SCRIPT_ORIGIN, key, token, method) : { state: 'expired' };
    if (id !== this.#loadId) return;
    this.#outcome = outcome;
    this.setAttribute('state', outcome.state);
    this.dispatchEvent(new CustomEvent(`referrio:${outcome.state}`, { bubbles: true, composed: true }));
    this.#render();
  }

  #render() {
    const t = this.#t;
    const o = this.#outcome;
    const style = h('style');
    style.textContent = CSS;
    let body: Child[];
    if (o.state === 'loading') body = [h('p', { class: 'm', role: 'status' }, t.loading)];
    else if (o.state === 'ready') body = this.#ready(o.referrer, t);
    else {
      const [title, text, action, onClick] =
        o.state === 'not-enrolled'
          ? [t.notEnrolledTitle, t.notEnrolled, t.enrol, () => this.#load('POST')]
          : o.state === 'expired'
            ? [t.expiredTitle, t.expired, null, null]
            : [t.errorTitle, t.error, t.retry, () => this.#load('GET')];
      const button = action ? h('button', { type: 'button', part: o.state === 'not-enrolled' ? 'enrol-button' : 'retry-button' }, action) : null;
      if (button && onClick) button.addEventListener('click', onClick);
      body = [h('h2', { part: 'title' }, title), h('p', { class: 'm' }, text), button];
    }
    const container = h('section', { class: 'c', part: 'container', lang: textsFor(this.#lang).lang, 'aria-busy': String(o.state === 'loading'), 'data-state': o.state }, ...body, this.#status);
    this.#root.replaceChildren(style, container);
  }

  #ready(r: Referrer, t: Texts): Child[] {
    const lang = textsFor(this.#lang).lang;
    const link = h('input', { id: 'link', readonly: '', value: r.share_url, part: 'link', 'aria-label': t.yourLink }) as HTMLInputElement;
    const copy = h('button', { type: 'button', part: 'copy-button' }, t.copy);
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(r.share_url);
        this.#announce(t.copied);
      } catch {
        link.select();
        this.#announce(t.copyFailed);
      }
    });
    const shares: Child[] = r.sharing.map((s) => h('a', { class: 's', part: 'share-button', 'data-channel': s.channel, href: s.url, target: '_blank', rel: 'noopener noreferrer' }, t[s.channel]));
    if (typeof navigator.share === 'function') {
      const native = h('button', { type: 'button', class: 's', part: 'share-button', 'data-channel': 'native' }, t.share);
      native.addEventListener('click', () => navigator.share({ title: r.campaign.name, url: r.share_url }).catch(() => {}));
      shares.push(native);
    }
    const next = r.progress.next;
    const progress = next
      ? h(
          'div',
          { part: 'progress' },
          h('p', { id: 'pg' }, fill(t.progress, { count: r.progress.qualified, target: next.target })),
          h(
            'div',
            { class: 'bar', role: 'progressbar', 'aria-labelledby': 'pg', 'aria-valuemin': '0', 'aria-valuemax': String(next.target), 'aria-valuenow': String(r.progress.qualified) },
            h('div', { style: `width:${Math.round((100 * r.progress.qualified) / next.target)}%` }),
          ),
        )
      : null;
    const referrals = h(
      'div',
      { part: 'referrals' },
      h('h3', {}, t.referrals),
      r.referrals.length
        ? h('ul', {}, ...r.referrals.map((f) => h('li', {}, h('span', {}, f.name ?? f.email ?? '—'), h('span', { class: 't', part: `status status-${f.status}` }, t[f.status]))))
        : h('p', { class: 'm' }, t.noReferrals),
    );
    const amount = (type: string, value: number, currency: string | null) => {
      if (type === 'points') return fill(t.points, { n: value });
      if (type === 'voucher') return fill(t.vouchers, { n: value });
      const format = new Intl.NumberFormat(lang, { style: 'currency', currency: currency ?? 'USD' });
      return format.format(value / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
    };
    const rewards = h(
      'div',
      { part: 'rewards' },
      h('h3', {}, t.rewards),
      r.balance.length
        ? h('ul', {}, ...r.balance.map((b) => h('li', { part: 'balance' }, h('span', {}, `${t.earned}: ${amount(b.type, b.earned, b.currency)}`), b.pending ? h('span', { class: 'm' }, `${amount(b.type, b.pending, b.currency)} ${t.pending}`) : null)))
        : h('p', { class: 'm' }, t.noRewards),
      r.rewards.length
        ? h('ul', {}, ...r.rewards.map((w) => h('li', { part: 'reward' }, h('span', {}, amount(w.type, w.type === 'points' ? (w.points ?? 0) : w.type === 'voucher' ? 1 : (w.amount ?? 0), w.currency)), h('span', { class: 't' }, t[w.status]))))
        : null,
    );
    return [
      h('h2', { part: 'title' }, t.title),
      h(
        'div',
        { class: 'g' },
        h(
          'div',
          {},
          h('label', { for: 'link', part: 'label' }, t.yourLink),
          h('div', { class: 'l' }, link, copy),
          h('p', { class: 'm', part: 'code' }, `${t.yourCode}: `, h('strong', {}, r.referral_code)),
        ),
        qrSvg(r.share_url, t.qr),
      ),
      h('div', { role: 'group', 'aria-label': t.shareVia, class: 'l', part: 'share' }, ...shares),
      progress,
      r.leaderboard ? h('p', { part: 'leaderboard' }, fill(t.rank, { rank: r.leaderboard.rank })) : null,
      referrals,
      rewards,
    ];
  }

  #announce(message: string) {
    this.#status.textContent = '';
    // A fresh text node, a tick later, so screen readers announce a repeated copy again.
    setTimeout(() => {
      this.#status.textContent = message;
    }, 50);
  }
}
