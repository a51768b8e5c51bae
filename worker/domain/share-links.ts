export interface ShareLink {
  channel: 'email' | 'sms' | 'whatsapp' | 'facebook' | 'x' | 'linkedin';
  url: string;
}

/**
 * The link a referrer shares: this Worker's `/r/CODE`, so every click is counted (and bots
 * filtered) on its way to the landing page, whose URL can change without breaking old links.
 */
export function shareUrl(code: string, publicOrigin: string): string {
  return `${publicOrigin}/r/${encodeURIComponent(code)}`;
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
