/**
 * What a referrer may see of the people they referred: a first name and an initial
 * (`Sam Lee` → `Sam L.`), or an email with most of it hidden (`sam@example.com` → `s•••@e•••.com`).
 */
export function maskName(name: string | null): string | null {
  const parts = name?.trim().split(/\s+/).filter(Boolean) ?? [];
  const [first, ...rest] = parts;
  if (!first) return null;
  const last = rest.at(-1);
  return last ? `${first} ${[...last][0]}.` : first;
}

export function maskEmail(email: string | null): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${[...local][0]}•••@${[...host][0] ?? ''}•••${tld}`;
}
