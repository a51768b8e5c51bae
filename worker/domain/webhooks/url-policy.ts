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

/** The eight 16-bit groups of an IPv6 address as URL writes it (hex, `::` compressed); null if not one. */
function ipv6Groups(host: string): number[] | null {
  const [head = '', tail, extra] = host.split('::');
  if (extra !== undefined) return null;
  const part = (s: string) => (s ? s.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)) : []);
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  const groups = tail === undefined ? left : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g)) ? groups : null;
}

/**
 * ::/8 (unspecified, loopback, IPv4-compatible and IPv4-mapped), unique local, link- and
 * site-local, multicast; and the IPv4 address inside NAT64 (64:ff9b::/96, 64:ff9b:1::/48) and
 * 6to4 (2002::/16) addresses, which a gateway would deliver to that IPv4 host.
 */
function privateV6(host: string): boolean {
  const g = ipv6Groups(host);
  if (!g) return true;
  const [a = 0, b = 0, c = 0] = g;
  const v4 = (hi: number, lo: number) => privateV4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (a === 0x64 && b === 0xff9b) return c === 1 || v4(g[6] ?? 0, g[7] ?? 0);
  if (a >> 8 === 0 || a >> 8 === 0xff) return true;
  if ((a & 0xfe00) === 0xfc00 || (a & 0xffc0) === 0xfe80 || (a & 0xffc0) === 0xfec0) return true;
  if (a === 0x2002) return v4(b, c);
  return false;
}
