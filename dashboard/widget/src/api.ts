/** What GET/POST /v1/widget/{publishable_key}/referrer answer (worker/routes/widget/widget.schemas.ts). */
export interface Referrer {
  name: string | null;
  referral_code: string;
  share_url: string;
  sharing: { channel: 'email' | 'sms' | 'whatsapp' | 'facebook' | 'x' | 'linkedin'; url: string }[];
  campaign: { name: string };
  progress: { qualified: number; next: { target: number } | null };
  referrals: { name: string | null; email: string | null; status: 'signed_up' | 'qualified'; joined_at: string }[];
  rewards: { type: 'cash' | 'credit' | 'points' | 'voucher'; amount: number | null; currency: string | null; points: number | null; status: 'pending' | 'approved' | 'paid' | 'cancelled' }[];
  balance: { type: string; currency: string | null; earned: number; pending: number }[];
  leaderboard: { rank: number } | null;
}

export type Outcome = { state: 'ready'; referrer: Referrer } | { state: 'not-enrolled' } | { state: 'expired' } | { state: 'error' };

/** One call; every failure becomes a state the widget can show. */
export async function callReferrer(api: string, publishableKey: string, token: string, method: 'GET' | 'POST'): Promise<Outcome> {
  try {
    const res = await fetch(`${api}/v1/widget/${encodeURIComponent(publishableKey)}/referrer`, {
      method,
      headers: { authorization: `Bearer ${token}` },
      credentials: 'omit',
    });
    if (res.ok) return { state: 'ready', referrer: (await res.json()) as Referrer };
    const problem = (await res.json().catch(() => null)) as { type?: string } | null;
    const type = problem?.type?.split('/').pop();
    if (type === 'not-enrolled') return { state: 'not-enrolled' };
    if (type === 'customer-token-invalid') return { state: 'expired' };
    return { state: 'error' };
  } catch {
    return { state: 'error' };
  }
}
