import { describe, expect, it } from 'vitest';
import { parseHubSpotTime } from '../../../src/engine/parse-hubspot-time.ts';

describe('parseHubSpotTime', () => {
  it.each([
    ['an ISO date-time', '2026-03-02T10:00:00.000Z', Date.UTC(2026, 2, 2, 10)],
    ['an ISO date-time with offset', '2026-03-02T12:00:00+02:00', Date.UTC(2026, 2, 2, 10)],
    ['an ISO date-time with microseconds', '2026-03-02T10:00:00.123456Z', Date.UTC(2026, 2, 2, 10, 0, 0, 123)],
    ['an ISO date-time without zone (read as UTC)', '2026-03-02T10:00:00', Date.UTC(2026, 2, 2, 10)],
    ['epoch milliseconds', '1772445600000', Date.UTC(2026, 2, 2, 10)],
    ['a date property', '2026-03-02', Date.UTC(2026, 2, 2)],
  ])('parseHubSpotTime(%s) gives the instant', (_name, value, expected) => {
    expect(parseHubSpotTime(value)).toBe(expected);
  });

  it.each([null, undefined, '', 'March 2, 2026', '2026-02-30T10:00:00Z', '2026-13-01', 'true', '-5', '1e12'])(
    'parseHubSpotTime(%j) is missing',
    (value) => expect(parseHubSpotTime(value)).toBeNull(),
  );
});
