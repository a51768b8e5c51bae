/**
 * Where a campaign may send shoppers. Only https, except http on localhost during
 * development; and only hosts inside the campaign's allowed domains (a domain allows
 * its subdomains). Returns a problem message, or null when the URL is acceptable.
 */
export function landingUrlProblem(raw: string, allowedDomains: string[], allowLocalHttp: boolean): string | null {
  const problem = publicUrlProblem(raw, allowLocalHttp);
  if (problem) return problem;
  const { hostname } = new URL(raw);
  if (!hostAllowed(hostname, allowedDomains)) {
    return `Host '${hostname}' is not in the campaign's allowed_domains (${allowedDomains.join(', ') || 'none'}).`;
  }
  return null;
}

/** A URL any share link may send shoppers to (an environment's fallback): https (http on localhost in development), no credentials. */
export function publicUrlProblem(raw: string, allowLocalHttp: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Must be an absolute URL.';
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local && allowLocalHttp)) {
    return allowLocalHttp ? 'Must use https (http is allowed only on localhost).' : 'Must use https.';
  }
  if (url.username || url.password) return 'Must not contain credentials.';
  return null;
}

export function hostAllowed(host: string, allowedDomains: string[]): boolean {
  const h = host.toLowerCase();
  return allowedDomains.some((d) => {
    const domain = d.toLowerCase();
    return h === domain || h.endsWith(`.${domain}`);
  });
}

const DOMAIN = /^(?=.{1,253}$)(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)*(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export const isDomainName = (value: string) => DOMAIN.test(value.toLowerCase());
