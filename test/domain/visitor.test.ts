import { describe, expect, it } from 'vitest';
import { visitorId } from '../../worker/domain/visitor';

const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

describe('visitorId', () => {
  it('is the same for the same referrer, IP and user agent, and carries no raw IP', () => {
    const id = visitorId('usr_1', '203.0.113.7', UA);
    expect(id).toBe(visitorId('usr_1', '203.0.113.7', UA));
    expect(id).toMatch(/^[0-9a-f]{28}$/);
    expect(id).not.toContain('203');
  });

  it('differs when the referrer, the IP or the user agent differs', () => {
    const ids = new Set([
      visitorId('usr_1', '203.0.113.7', UA),
      visitorId('usr_2', '203.0.113.7', UA),
      visitorId('usr_1', '203.0.113.8', UA),
      visitorId('usr_1', '203.0.113.7', `${UA} Edg/131`),
      visitorId('usr_1', '203.0.113.7', null),
      visitorId('usr_1', null, UA),
    ]);
    expect(ids.size).toBe(6);
  });

  it('gives 100,000 visitors of one referrer 100,000 ids', () => {
    const ids = new Set(Array.from({ length: 100_000 }, (_, i) => visitorId('usr_1', `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, UA)));
    expect(ids.size).toBe(100_000);
  });

  it('is null when nothing identifies the visitor', () => {
    expect(visitorId('usr_1', null, undefined)).toBeNull();
    expect(visitorId('usr_1', '', '')).toBeNull();
  });
});
