import { describe, expect, it } from 'vitest';
import { isBot, isPrefetch } from '../../worker/domain/detect-bot';

describe('isBot', () => {
  it.each([
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0]',
    'curl/8.5.0',
    'Wget/1.21.4',
  ])('lets a person through: %s', (ua) => {
    expect(isBot(ua)).toBe(false);
  });

  it.each([
    'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
    'Slack-ImgProxy (+https://api.slack.com/robots)',
    'facebookexternalhit/1.1',
    'meta-externalagent/1.1',
    'Twitterbot/1.0',
    'WhatsApp/2.23.20.0 A',
    'LinkedInBot/1.0',
    'Discordbot/2.0',
    'TelegramBot (like TwitterBot)',
    'Googlebot/2.1 (+http://www.google.com/bot.html)',
    'Mozilla/5.0 (compatible; bingbot/2.0)',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36',
    'python-requests/2.32.3',
    'Go-http-client/2.0',
  ])('knows a bot: %s', (ua) => {
    expect(isBot(ua)).toBe(true);
  });

  it('treats a missing user agent as a bot', () => {
    expect(isBot(null)).toBe(true);
    expect(isBot('')).toBe(true);
  });
});

describe('isPrefetch', () => {
  it('recognises speculative loads', () => {
    expect(isPrefetch(new Headers({ 'sec-purpose': 'prefetch;prerender' }))).toBe(true);
    expect(isPrefetch(new Headers({ purpose: 'prefetch' }))).toBe(true);
    expect(isPrefetch(new Headers())).toBe(false);
  });
});
