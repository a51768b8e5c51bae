import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, parseRetryAfter, RETRY_DELAYS_MS, retryDelayMs } from '../../worker/domain/webhooks/retry-schedule';
import { newWebhookSecret, signatureHeader } from '../../worker/domain/webhooks/signature';
import { isPrivateHost, webhookUrlProblem } from '../../worker/domain/webhooks/url-policy';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

describe('retry schedule', () => {
  it('is the Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h after the first attempt', () => {
    expect(RETRY_DELAYS_MS).toEqual([5 * S, 5 * MIN, 30 * MIN, 2 * H, 5 * H, 10 * H, 14 * H, 20 * H, 24 * H]);
    expect(MAX_ATTEMPTS).toBe(10);
    // About three days from the first attempt to the last.
    expect(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0) / H).toBeCloseTo(75.58, 1);
  });

  it('jitters each step by at most ±10 %', () => {
    RETRY_DELAYS_MS.forEach((base, i) => {
      expect(retryDelayMs(i + 1, 0)).toBe(Math.round(base * 0.9));
      expect(retryDelayMs(i + 1, 0.5)).toBe(base);
      expect(retryDelayMs(i + 1, 1)).toBe(Math.round(base * 1.1));
    });
  });

  it('ends after the tenth attempt', () => {
    expect(retryDelayMs(10, 0.5)).toBeNull();
    expect(retryDelayMs(11, 0.5)).toBeNull();
  });

  it('lets a longer Retry-After win, never a shorter one, and caps it at 24 h', () => {
    expect(retryDelayMs(1, 0.5, 60 * S)).toBe(60 * S);
    expect(retryDelayMs(2, 0.5, 60 * S)).toBe(5 * MIN);
    expect(retryDelayMs(1, 0.5, 30 * 24 * H)).toBe(24 * H);
    expect(retryDelayMs(10, 0.5, 60 * S)).toBeNull();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120 * S);
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:05:00 GMT', now)).toBe(5 * MIN);
    expect(parseRetryAfter('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('signatures', () => {
  it('verify with the standardwebhooks library, with one secret or during a rotation with two', async () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const body = JSON.stringify({ type: 'reward.created', data: { id: 'rwd_1', note: 'ünïcödé ✓' } });
    const timestamp = Math.floor(Date.now() / 1000);
    for (const secrets of [[current], [current, previous]]) {
      const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': await signatureHeader(secrets, 'evt_1', timestamp, body) };
      for (const secret of secrets) expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
      expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
      expect(() => new Webhook(current).verify(`${body} `, headers)).toThrow();
    }
  });
});

describe('webhook URLs', () => {
  it('must be http(s) without credentials', () => {
    expect(webhookUrlProblem('https://hooks.example.com/x', false)).toBeNull();
    expect(webhookUrlProblem('http://hooks.example.com/x', false)).toBeNull();
    expect(webhookUrlProblem('ftp://hooks.example.com/', true)).toMatch(/http or https/);
    expect(webhookUrlProblem('/relative', true)).toMatch(/absolute/);
    expect(webhookUrlProblem('https://a:b@hooks.example.com/', true)).toMatch(/credentials/);
  });

  it.each(['localhost', 'api.localhost', '127.0.0.1', '127.8.9.10', '0.0.0.0', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '[::1]', '[fd00::1]', '[fe80::1]', '[::ffff:127.0.0.1]', 'printer.local', 'db.internal'])(
    '%s is private',
    (host) => {
      expect(isPrivateHost(new URL(`https://${host}/`).hostname)).toBe(true);
      expect(webhookUrlProblem(`https://${host}/`, false)).toMatch(/private or loopback/);
      expect(webhookUrlProblem(`https://${host}/`, true)).toBeNull();
    },
  );

  // Loopback and private hosts written another way: URL normalises the IPv4 forms; the IPv6
  // ones reach an IPv4 host through a translation (IPv4-compatible, NAT64, 6to4) or are local scopes.
  it.each([
    '2130706433',
    '0177.0.0.1',
    '0x7f.1',
    '127.1',
    'localhost.',
    '[0:0:0:0:0:0:0:1]',
    '[::127.0.0.1]',
    '[::ffff:0:7f00:1]',
    '[64:ff9b::127.0.0.1]',
    '[64:ff9b::a9fe:a9fe]',
    '[64:ff9b:1::1]',
    '[2002:7f00:1::]',
    '[2002:c0a8:101::1]',
    '[fec0::1]',
    '[ff02::1]',
  ])('%s is private too', (host) => {
    expect(webhookUrlProblem(`https://${host}/`, false)).toMatch(/private or loopback/);
  });

  it.each(['hooks.example.com', '8.8.8.8', '172.32.0.1', '192.169.0.1', '[2606:4700::1111]', '[64:ff9b::8.8.8.8]', '[2002:808:808::]'])('%s is public', (host) => {
    expect(isPrivateHost(new URL(`https://${host}/`).hostname)).toBe(false);
  });
});
