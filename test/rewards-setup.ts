import { call } from './helpers';

/** A live campaign with these rules and one referrer, made through the API. */
export async function campaignWithReferrer(key: string, tag: string, rules: unknown[], extra: Record<string, unknown> = {}) {
  const campaign = await call('POST', '/v1/campaigns', { key, body: { name: `Campaign ${tag}`, status: 'live', landing_url: 'https://shop.example.com/', rules, ...extra } });
  if (campaign.status !== 201) throw new Error(JSON.stringify(campaign.json));
  const referrer = await call('POST', '/v1/users', { key, body: { external_id: `referrer-${tag}`, name: 'Rae', campaign_id: campaign.json.id } });
  if (referrer.status !== 201) throw new Error(JSON.stringify(referrer.json));
  return { campaignId: campaign.json.id as string, code: referrer.json.referral_code as string, referrerId: referrer.json.id as string };
}

/** Logs a signup of a new referee and returns the rewards it made. */
export async function signup(key: string, code: string, refereeId: string) {
  const res = await call('POST', '/v1/referrals', { key, body: { code, type: 'signup', referee: { external_id: refereeId } } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.json));
  return res.json as { id: string; rewards: { id: string; status: string; recipient: string; type: string; voucher_code: string | null }[] };
}

export const cash = (amount: number, extra: Record<string, unknown> = {}) => ({
  id: `cash-${amount}`,
  trigger: 'signup',
  recipients: { referrer: { type: 'cash', amount, currency: 'USD' } },
  ...extra,
});
