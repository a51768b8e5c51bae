import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../worker/domain/bounded-cache';

describe('BoundedCache', () => {
  it('forgets an entry once its time is up', () => {
    const cache = new BoundedCache<string>(10);
    cache.set('a', 'x', 1_000, 0);
    expect(cache.get('a', 999)).toBe('x');
    expect(cache.get('a', 1_000)).toBeUndefined();
  });

  it('drops the oldest entry when full', () => {
    const cache = new BoundedCache<number>(2);
    cache.set('a', 1, 60_000);
    cache.set('b', 2, 60_000);
    cache.set('c', 3, 60_000);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([undefined, 2, 3, 2]);
  });

  it('deletes every entry that matches', () => {
    const cache = new BoundedCache<{ campaign: string }>(10);
    cache.set('a', { campaign: 'x' }, 60_000);
    cache.set('b', { campaign: 'y' }, 60_000);
    cache.deleteWhere((v) => v.campaign === 'x');
    expect([cache.get('a'), cache.get('b')]).toEqual([undefined, { campaign: 'y' }]);
  });
});
