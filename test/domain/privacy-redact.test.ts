import { describe, expect, it } from 'vitest';
import { ERASED, mentions, redact } from '../../worker/domain/privacy/redact';

const person = { id: 'usr_A', values: ['Zoe.Q@example.com', 'Zoe Quill', 'crm-42', 'Al'] };

describe('redact', () => {
  it("empties the person's own user object and keeps everything else", () => {
    const user = { id: 'usr_A', object: 'user', email: 'x', name: 'y', external_id: 'z', metadata: { plan: 'pro' }, referral_code: 'ZOE-1', visits: 3 };
    expect(redact(user, person)).toEqual({ ...user, email: null, name: null, external_id: null, metadata: {} });
  });

  it("empties the metadata of referrals the person made or received, not others'", () => {
    const made = { object: 'referral', referrer_id: 'usr_A', referee_id: 'usr_B', metadata: { a: 1 }, amount: 100 };
    const received = { ...made, referrer_id: 'usr_B', referee_id: 'usr_A' };
    const other = { ...made, referrer_id: 'usr_B', referee_id: 'usr_C' };
    expect(redact(made, person)).toEqual({ ...made, metadata: {} });
    expect(redact(received, person)).toEqual({ ...received, metadata: {} });
    expect(redact(other, person)).toEqual(other);
  });

  it('nulls whole values and cuts values out of longer text, whatever the case, anywhere in the tree', () => {
    const data = { note: 'Thanks ZOE QUILL (zoe.q@EXAMPLE.com)!', list: [{ who: 'crm-42' }], n: 5, nested: { name: 'Zoe Quill' } };
    expect(redact(data, person)).toEqual({ note: `Thanks ${ERASED} (${ERASED})!`, list: [{ who: null }], n: 5, nested: { name: null } });
  });

  it('removes a short value only where it is a whole field', () => {
    expect(redact({ name: 'Al', city: 'Almaty' }, person)).toEqual({ name: null, city: 'Almaty' });
  });

  it('says whether text still mentions the person', () => {
    expect(mentions('{"e":"zoe.q@example.com"}', person)).toBe(true);
    expect(mentions(JSON.stringify(redact({ e: 'zoe.q@example.com', n: 'by Zoe Quill' }, person)), person)).toBe(false);
  });
});
