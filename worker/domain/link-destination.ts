import { hostAllowed } from './landing-url';

/** Codes are letters, digits and hyphens; anything else is not looked up at all. */
const CODE_SHAPE = /^[A-Za-z0-9-]{1,64}$/;

export const isCodeShaped = (raw: string) => CODE_SHAPE.test(raw);

const isLocal = (host: string) => host === 'localhost' || host === '127.0.0.1' || host === '[::1]';

/**
 * A URL we are willing to send a shopper to: https (http only on localhost in development),
 * no credentials, and, when allowed domains are given, a host inside them. Checked again at
 * redirect time, not only when the campaign is saved, so a row edited by hand or an old
 * setting can never turn a share link into an open redirect.
 */
export function safeUrl(raw: string | null, allowedDomains: string[] | null, allowLocalHttp: boolean): URL | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const httpsOk = url.protocol === 'https:' || (url.protocol === 'http:' && allowLocalHttp && isLocal(url.hostname));
  if (!httpsOk || url.username || url.password) return null;
  if (allowedDomains && !hostAllowed(url.hostname, allowedDomains)) return null;
  return url;
}

/**
 * The campaign's landing URL with its UTM parameters and `r=CODE` set; the URL's own query
 * and fragment are kept. Only campaign settings go in: nothing from the request.
 */
export function destination(landing: URL, utmParams: Record<string, string>, code: string): string {
  const url = new URL(landing);
  for (const [key, value] of Object.entries(utmParams)) url.searchParams.set(key, value);
  url.searchParams.set('r', code);
  return url.toString();
}
