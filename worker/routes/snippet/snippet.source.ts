/**
 * The shop-side script served at /v1/snippet.js. Plain ES5-era syntax (it runs on any shop
 * page), no dependencies, ~1 KB. It learns the API's origin from its own <script src>.
 *   - `?r=CODE` on the page → cookie `referrio_code` (first-party, SameSite=Lax) for the
 *     campaign's attribution window: 30 days at once, then the campaign's own figure from
 *     the visit report's answer; an unknown code is forgotten again.
 *   - reports the visit: POST {api}/r/CODE/visit, a CORS "simple" request (no preflight).
 *   - window.referrio.code() → the stored code or null, for a signup form.
 */
export const SNIPPET = `/* Referrio snippet */
(function () {
  var NAME = 'referrio_code';
  var script = document.currentScript;
  var api = script && script.src ? new URL(script.src).origin : '';
  function read() {
    var m = document.cookie.match(/(?:^|;\\s*)referrio_code=([^;]*)/);
    return m ? decodeURIComponent(m[1]) || null : null;
  }
  function store(code, days) {
    document.cookie = NAME + '=' + encodeURIComponent(code) + '; Max-Age=' + Math.round(days * 86400) +
      '; Path=/; SameSite=Lax' + (location.protocol === 'https:' ? '; Secure' : '');
  }
  var code = new URLSearchParams(location.search).get('r');
  if (code && /^[A-Za-z0-9-]{1,64}$/.test(code)) {
    code = code.toUpperCase();
    var previous = read();
    store(code, 30);
    if (api && window.fetch) {
      fetch(api + '/r/' + encodeURIComponent(code) + '/visit', { method: 'POST', mode: 'cors', credentials: 'omit', keepalive: true })
        .then(function (res) {
          if (res.status === 404) {
            if (previous) store(previous, 30); else store('', 0);
            return null;
          }
          return res.ok ? res.json() : null;
        })
        .then(function (visit) {
          if (visit && visit.attribution_window_days) store(code, visit.attribution_window_days);
        })
        .catch(function () {});
    }
  }
  window.referrio = window.referrio || {};
  window.referrio.code = read;
})();
`;
