/**
 * Link-preview fetchers, crawlers and monitors: they follow share links (to unfurl them in
 * a chat, index them, or check them) but are not shoppers, so they are redirected and not
 * counted. curl and wget are NOT here: a person pasting a link into a terminal is a visit,
 * and the unique-visitor window already blunts a script replaying one link.
 */
const BOT =
  /bot\b|bot\/|crawler|spider|slurp|facebookexternalhit|facebookcatalog|meta-externalagent|whatsapp|slack|discord|telegram|skype|linkedin|pinterest|embedly|quora link preview|vkshare|redditbot|tumblr|bitlybot|outbrain|nuzzel|w3c_validator|iframely|preview|headlesschrome|lighthouse|pingdom|uptimerobot|statuscake|site24x7|monitor|python-requests|go-http-client|okhttp|axios|node-fetch|undici|http_request2|java\/|libwww|apache-httpclient|scrapy|feedfetcher|mediapartners-google|google-inspectiontool|googleother|apis-google|adsbot/i;

/** True for user agents that should not count as a visit; an absent user agent counts as a bot. */
export function isBot(userAgent: string | null | undefined): boolean {
  if (!userAgent) return true;
  return BOT.test(userAgent);
}

/** Browsers announce speculative loads (prerender, link prefetch); those are not visits either. */
export function isPrefetch(headers: Headers): boolean {
  const purpose = headers.get('sec-purpose') ?? headers.get('purpose') ?? headers.get('x-purpose');
  return purpose !== null && /prefetch|prerender|preview/i.test(purpose);
}
