import { publicUrlProblem } from '../landing-url';

export const MAX_ALLOWED_ORIGINS = 20;

/**
 * An origin a publishable key may be used from: scheme, host and port only (`https://shop.example`),
 * https (http on localhost in development). Returns a problem message, or null.
 */
export function allowedOriginProblem(raw: string, allowLocalHttp: boolean): string | null {
  const problem = publicUrlProblem(raw, allowLocalHttp);
  if (problem) return problem;
  const url = new URL(raw);
  if (raw.replace(/\/$/, '').toLowerCase() !== url.origin.toLowerCase()) return `Must be an origin only (scheme, host and port), such as ${url.origin}.`;
  return null;
}

/** The canonical form stored and compared: what browsers send in `Origin`. */
export const canonicalOrigin = (raw: string) => new URL(raw).origin;
