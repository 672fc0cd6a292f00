import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDay, formatDaysInStage, resolveTimeZone } from '../../../src/engine/format-day.ts';

describe('formatDay (the one day formatter of reasons and previews)', () => {
  it('formatDay(millis) in UTC writes "2 Mar 2026", and a zone moves the day across midnight', () => {
    const lateEvening = Date.parse('2026-03-02T23:30:00.000Z');
    expect(formatDay(lateEvening)).toBe('2 Mar 2026');
    expect(formatDay(new Date(lateEvening), 'UTC')).toBe('2 Mar 2026');
    expect(formatDay(new Date(lateEvening), 'Europe/Berlin')).toBe('3 Mar 2026');
    expect(formatDay(new Date(lateEvening), 'America/Los_Angeles')).toBe('2 Mar 2026');
  });

  it('the computed UTC day agrees with Intl for any moment from 1970 to 9999', () => {
    const intl = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (millis) => {
        expect(formatDay(millis)).toBe(intl.format(millis).replace('Sept', 'Sep'));
      }),
      { numRuns: 2_000 },
    );
  });

  it('formatDaysInStage counts calendar days in the zone; an unknown zone falls back to UTC', () => {
    const entered = new Date('2026-03-28T23:30:00.000Z'); // 29 Mar in Berlin, the night clocks go forward
    expect(formatDaysInStage(entered, new Date('2026-03-29T08:00:00.000Z'), 'Europe/Berlin')).toBe('today');
    expect(formatDaysInStage(entered, new Date('2026-03-29T08:00:00.000Z'), 'UTC')).toBe('1 day');
    expect(formatDaysInStage(entered, new Date('2026-04-09T08:00:00.000Z'), 'UTC')).toBe('12 days');
    expect(resolveTimeZone('Mars/Olympus')).toBe('UTC');
  });
});
