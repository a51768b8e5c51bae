/**
 * Where webhooks may go: http(s) URLs without credentials. Outside development, hosts that
 * name this machine or a private network (loopback, RFC 1918, link-local, CGNAT, unique
 * local IPv6, `localhost`, `*.local`, `*.internal`) are refused, so a webhook cannot be
 * aimed at infrastructure behind us. Returns a problem message, or null when acceptable.
 */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Must be an absolute URL.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Must use http or https.';
  if (url.username || url.password) return 'Must not contain credentials.';
  if (!allowPrivate && isPrivateHost(url.hostname)) return `Host '${url.hostname}' is a private or loopback address.`;
  return null;
}

export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  const v4 = ipv4(host);
  if (v4) return privateV4(v4);
  if (host.includes(':')) return privateV6(host);
  return false;
}

function ipv4(host: string): number[] | null {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

function privateV4([a, b]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && (b as number) >= 64 && (b as number) <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && (b as number) >= 16 && (b as number) <= 31) ||
    (a === 192 && b === 168) ||
    (a as number) >= 224
  );
}

function privateV6(host: string): boolean {
  if (host === '::' || host === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped) return privateV4(ipv4(mapped[1] as string) ?? [0]);
  // URL normalises IPv4-mapped addresses to hex (::ffff:7f00:1): treat the whole range as private.
  if (host.startsWith('::ffff:')) return true;
  const first = parseInt(host.split(':')[0] || '0', 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}
