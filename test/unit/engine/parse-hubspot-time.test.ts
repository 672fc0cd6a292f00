import fc from 'fast-check';
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

  it('parseHubSpotTime reads any instant from year 0 to 9999 as Date does, in the CRM form and as a date property', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('0000-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T23:59:59.999Z') }),
        (t) => {
          const iso = new Date(t).toISOString();
          expect(parseHubSpotTime(iso)).toBe(t);
          expect(parseHubSpotTime(iso.slice(0, 10))).toBe(Date.parse(iso.slice(0, 10)));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('parseHubSpotTime leaves out a day its month does not have, leap years included', () => {
    for (const year of [1900, 1970, 2023, 2024, 2100, 2199, 2200, 2400]) {
      const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
      expect(parseHubSpotTime(`${year}-02-29T00:00:00.000Z`) === null).toBe(!leap);
      expect(parseHubSpotTime(`${year}-04-31`)).toBeNull();
      expect(parseHubSpotTime(`${year}-12-31T23:59:59.999Z`)).toBe(Date.UTC(year, 11, 31, 23, 59, 59, 999));
    }
  });
});
