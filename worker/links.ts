import type { Bindings } from './env';
import { followShareLink, shareLinkCode } from './routes/share-links/follow';

/**
 * The share-link Worker (wrangler.links.toml): the same code as the API's redirect, deployed as
 * a second Worker WITHOUT Smart Placement, so `/r/{code}` is answered in the location nearest
 * the shopper (an isolate cache, then KV) while the API Worker runs next to D1. Its route
 * (`/r/*`) is more specific than the API's, so it sees every share-link request; anything that
 * is not a redirect (`/r/{code}/visit`, HEAD, odd paths) goes on to the API Worker through the
 * `API` service binding, unchanged.
 */
interface LinkBindings extends Pick<Bindings, 'DB' | 'LINKS' | 'CLICKS' | 'APP_ENV' | 'SHARE_FALLBACK_URL' | 'REDIRECT_RATE_LIMIT_PER_MINUTE'> {
  API: Fetcher;
}

export default {
  fetch(request, env, ctx) {
    const code = shareLinkCode(request);
    return code === null ? env.API.fetch(request) : followShareLink(request, env as unknown as Bindings, ctx, code);
  },
} satisfies ExportedHandler<LinkBindings>;
