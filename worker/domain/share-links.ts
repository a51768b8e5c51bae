export interface ShareLink {
  channel: 'email' | 'sms' | 'whatsapp' | 'facebook' | 'x' | 'linkedin';
  url: string;
}

/** The landing URL with `r=CODE` set, keeping its own query and fragment. */
export function shareUrl(landingUrl: string | null, code: string, publicOrigin: string): string {
  if (!landingUrl) return `${publicOrigin}/r/${encodeURIComponent(code)}`;
  const url = new URL(landingUrl);
  url.searchParams.set('r', code);
  return url.toString();
}

export const DEFAULT_SHARE_MESSAGE = 'Join me on {campaign} with my link: {url}';

export function shareMessage(template: string | null, campaignName: string, url: string): string {
  return (template ?? DEFAULT_SHARE_MESSAGE).replaceAll('{campaign}', campaignName).replaceAll('{url}', url);
}

/** Ready-made links a referrer can tap to share; each carries the message or the URL as the channel expects. */
export function sharingLinks(url: string, message: string, subject: string): ShareLink[] {
  const e = encodeURIComponent;
  return [
    { channel: 'email', url: `mailto:?subject=${e(subject)}&body=${e(message)}` },
    { channel: 'sms', url: `sms:?&body=${e(message)}` },
    { channel: 'whatsapp', url: `https://wa.me/?text=${e(message)}` },
    { channel: 'facebook', url: `https://www.facebook.com/sharer/sharer.php?u=${e(url)}` },
    { channel: 'x', url: `https://x.com/intent/post?text=${e(message.replace(url, '').trim())}&url=${e(url)}` },
    { channel: 'linkedin', url: `https://www.linkedin.com/sharing/share-offsite/?url=${e(url)}` },
  ];
}
