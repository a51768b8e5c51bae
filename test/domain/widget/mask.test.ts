import { describe, expect, it } from 'vitest';
import { maskEmail, maskName } from '../../../worker/domain/widget/mask';
import { nextMilestone } from '../../../worker/domain/widget/progress';
import type { Rule } from '../../../worker/domain/rules/schema';

describe('masking referees', () => {
  it.each([
    ['Sam Lee', 'Sam L.'],
    ['  Zoë   van der Berg ', 'Zoë B.'],
    ['Cher', 'Cher'],
    ['', null],
    [null, null],
  ])('shows %j as %j', (name, shown) => expect(maskName(name)).toBe(shown));

  it.each([
    ['sam.lee@example.com', 's•••@e•••.com'],
    ['a@b', 'a•••@b•••'],
    ['broken', '•••'],
    [null, null],
  ])('shows email %j as %j', (email, shown) => expect(maskEmail(email)).toBe(shown));
});

describe('next milestone', () => {
  const reward = { referrer: { type: 'points' as const, points: 10 } };
  const rules = [
    { id: 'every-3', trigger: 'signup', recipients: reward, milestone: { every: true, n: 3 }, approval: 'auto', hold_days: 0 },
    { id: 'tiered', trigger: 'sale', recipients: reward, tiers: [{ from: 5, referrer: reward.referrer }, { from: 10, referrer: reward.referrer }], approval: 'auto', hold_days: 0 },
  ] as Rule[];

  it.each([
    [0, { target: 3, kind: 'milestone', rule_id: 'every-3' }],
    [3, { target: 5, kind: 'tier', rule_id: 'tiered' }],
    [5, { target: 6, kind: 'milestone', rule_id: 'every-3' }],
    [10, { target: 12, kind: 'milestone', rule_id: 'every-3' }],
  ])('after %i qualified referrals is %j', (qualified, next) => expect(nextMilestone(rules, qualified)).toEqual(next));

  it('is null without milestones or tiers ahead', () => {
    expect(nextMilestone([], 4)).toBeNull();
    expect(nextMilestone([{ ...rules[1], tiers: [{ from: 2, referrer: reward.referrer }] } as Rule], 2)).toBeNull();
  });
});
