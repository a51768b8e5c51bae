// The demo shop `npm start` serves on its own origin (http://localhost:8788): a page that embeds the
// <referrio-referral> widget for a demo customer, with the customer token signed here, as a shop's
// server would (docs/widget.md). The end-to-end run drives the same page.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';

const KEY_NAME = 'Demo shop widget';
export const DEMO_CUSTOMER = { external_id: 'demo-jane', name: 'Jane Demo', email: 'jane@demo.local' };

/** The shop server's few lines: base64url(payload) "." base64url(HMAC-SHA256(secret, payload)). */
export function customerToken(secret, claims) {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

async function api(apiBase, adminKey, method, path, body) {
  const res = await fetch(`${apiBase}${path}`, {
    method,
    headers: { 'x-api-key': adminKey, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * Readies the environment of `adminKey` for the demo: its origin allowed, a fresh publishable key
 * (earlier demo keys revoked), a new widget secret, the demo customer enrolled with one referral
 * (and, on a campaign without rules, rules that reward it).
 */
async function prepare(apiBase, adminKey, origin) {
  const environment = await api(apiBase, adminKey, 'GET', '/v1/environment');
  const origins = [...new Set([...environment.allowed_origins, origin])];
  await api(apiBase, adminKey, 'PATCH', '/v1/environment', { allowed_origins: origins });
  const keys = await api(apiBase, adminKey, 'GET', '/v1/api-keys');
  for (const k of keys.data) if (k.name === KEY_NAME && k.status !== 'revoked') await api(apiBase, adminKey, 'DELETE', `/v1/api-keys/${k.id}`);
  const { key } = await api(apiBase, adminKey, 'POST', '/v1/api-keys', { name: KEY_NAME, role: 'publishable' });
  const { secret } = await api(apiBase, adminKey, 'POST', '/v1/environment/widget-secret');
  // A fresh demo campaign gets rules, so the widget has a reward, progress and a rank to show.
  const campaign = await api(apiBase, adminKey, 'GET', '/v1/campaigns/default');
  if (campaign.rules.length === 0) {
    await api(apiBase, adminKey, 'PATCH', '/v1/campaigns/default', {
      widget_leaderboard: true,
      rules: [
        { id: 'signup', trigger: 'signup', recipients: { referrer: { type: 'cash', amount: 500, currency: 'USD' } } },
        { id: 'every-3', name: '100 points for every 3 friends', trigger: 'signup', milestone: { every: true, n: 3 }, recipients: { referrer: { type: 'points', points: 100 } } },
      ],
    });
  }
  const jane = await api(apiBase, adminKey, 'POST', '/v1/users', DEMO_CUSTOMER);
  await api(apiBase, adminKey, 'POST', '/v1/referrals', {
    type: 'signup',
    code: jane.referral_code,
    referee: { external_id: 'demo-friend-sam', name: 'Sam Friend', email: 'sam@demo.local' },
  });
  return { publishableKey: key, secret };
}

const html = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page({ apiBase, publishableKey, token, lang, customer }) {
  const langs = { en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español' };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Demo shop · your referrals</title>
<script src="${html(apiBase)}/v1/widget.js" async></script>
<style>
body{margin:0;font-family:system-ui,sans-serif;background:#f6f4ef;color:#1f2937}
header{background:#14532d;color:#fff;padding:14px 20px;display:flex;justify-content:space-between;align-items:center;gap:12px;flex-wrap:wrap}
header strong{font-size:1.2em}main{max-width:720px;margin:24px auto;padding:0 16px}
referrio-referral{--referrio-accent:#166534;--referrio-radius:12px}
label{font-size:.9em}select{font:inherit}
</style></head>
<body><header><strong>Green Leaf Tea Co.</strong>
<label>Language <select id="lang">${Object.entries(langs).map(([v, n]) => `<option value="${v}"${v === lang ? ' selected' : ''}>${n}</option>`).join('')}</select></label></header>
<main><p>Signed in as <b>${html(customer)}</b> (demo customer).</p>
<referrio-referral lang="${html(lang)}" publishable-key="${html(publishableKey)}" token="${html(token)}"></referrio-referral></main>
<script>document.getElementById('lang').addEventListener('change',function(e){document.querySelector('referrio-referral').setAttribute('lang',e.target.value)})</script>
</body></html>`;
}

/**
 * Serves the demo shop. `?customer=<external id>&name=…` signs in as someone else (a new id shows
 * the "join" state), `?lang=de`, and `?stale=1` hands the widget a token that expired a minute ago.
 */
export async function startDemoShop({ apiBase, adminKey, port, host = '127.0.0.1' }) {
  const origin = `http://localhost:${port}`;
  const { publishableKey, secret } = await prepare(apiBase, adminKey, origin);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== '/') return res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    const customer = url.searchParams.get('customer') || DEMO_CUSTOMER.external_id;
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: customer, exp: url.searchParams.get('stale') ? now - 60 : now + 15 * 60 };
    if (customer === DEMO_CUSTOMER.external_id) Object.assign(claims, { name: DEMO_CUSTOMER.name, email: DEMO_CUSTOMER.email });
    else if (url.searchParams.get('name')) claims.name = url.searchParams.get('name');
    const lang = ['en', 'de', 'fr', 'es'].includes(url.searchParams.get('lang') ?? '') ? url.searchParams.get('lang') : 'en';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(page({ apiBase, publishableKey, token: customerToken(secret, claims), lang, customer }));
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return { url: `${origin}/`, publishableKey, secret, close: () => new Promise((r) => server.close(r)) };
}
