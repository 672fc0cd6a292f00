import { describe, expect, it } from 'vitest';
import { readRateLimitHeaders } from '../../../src/sync/read-rate-limit-headers.ts';

/*
 * What an answer's X-HubSpot-RateLimit-* headers announce (docs/scaling.md): the pacing follows
 * the portal's own limit, so a header misread is either 429s or a slower sync.
 */
const headers = (h: Record<string, string>) => new Headers(h);
const pair = { 'X-HubSpot-RateLimit-Max': '190', 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000' };

describe('readRateLimitHeaders', () => {
  it('reads the limit, what is left of it and the daily figures', () => {
    expect(
      readRateLimitHeaders(
        headers({
          ...pair,
          'X-HubSpot-RateLimit-Remaining': '0',
          'X-HubSpot-RateLimit-Daily': '1000000',
          'X-HubSpot-RateLimit-Daily-Remaining': '999000',
        }),
      ),
    ).toEqual({ max: 190, intervalMs: 10_000, remaining: 0, dailyMax: 1_000_000, dailyRemaining: 999_000 });
  });

  it('leaves out the figures an answer does not carry', () => {
    const read = readRateLimitHeaders(headers(pair));
    expect(read).toEqual({ max: 190, intervalMs: 10_000 });
    expect(Object.keys(read!)).toEqual(['max', 'intervalMs']);
  });

  it('announces nothing without both the maximum and the interval', () => {
    expect(readRateLimitHeaders(headers({}))).toBeUndefined();
    expect(readRateLimitHeaders(headers({ 'X-HubSpot-RateLimit-Max': '190' }))).toBeUndefined();
    expect(readRateLimitHeaders(headers({ 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000' }))).toBeUndefined();
  });

  it('announces nothing for a zero maximum or interval (no pace can follow it)', () => {
    expect(readRateLimitHeaders(headers({ ...pair, 'X-HubSpot-RateLimit-Max': '0' }))).toBeUndefined();
    expect(
      readRateLimitHeaders(headers({ ...pair, 'X-HubSpot-RateLimit-Interval-Milliseconds': '0' })),
    ).toBeUndefined();
  });

  it('ignores a value that is not a whole number of zero or more', () => {
    for (const bad of ['-1', '1.5', 'ten', '']) {
      expect(readRateLimitHeaders(headers({ ...pair, 'X-HubSpot-RateLimit-Max': bad })), bad).toBeUndefined();
      expect(readRateLimitHeaders(headers({ ...pair, 'X-HubSpot-RateLimit-Remaining': bad })), bad).toEqual({
        max: 190,
        intervalMs: 10_000,
      });
    }
  });
});
