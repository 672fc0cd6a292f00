import { describe, expect, it } from 'vitest';

import { wordsFor } from '@journey-stages/contract/words';
import { dealRecordUrl } from '../format/dealRecordUrl.ts';

const day = (instant: Date, timeZone: string) => wordsFor({ timeZone }).day(instant);

describe('words.day', () => {
  it('words.day(late evening UTC) gives the calendar day of the portal time zone', () => {
    const instant = new Date('2026-03-02T03:30:00.000Z');
    expect(day(instant, 'UTC')).toBe('2 Mar 2026');
    expect(day(instant, 'America/New_York')).toBe('1 Mar 2026');
    expect(day(instant, 'Asia/Tokyo')).toBe('2 Mar 2026');
  });

  it('words.day(unknown time zone) falls back to UTC instead of breaking the card', () => {
    expect(day(new Date('2026-09-30T23:30:00.000Z'), 'Mars/Olympus_Mons')).toBe('30 Sept 2026');
  });
});

describe('words.daysBetween', () => {
  const tz = 'America/New_York';
  it.each([
    ['2026-03-14T04:30:00.000Z', '2026-03-14T12:00:00.000Z', 'today'],
    ['2026-03-14T03:30:00.000Z', '2026-03-14T12:00:00.000Z', '1 day'],
    ['2026-03-02T10:00:00.000Z', '2026-03-14T12:00:00.000Z', '12 days'],
    ['2026-03-20T10:00:00.000Z', '2026-03-14T12:00:00.000Z', 'today'],
  ])('words.daysBetween(%s, now %s) is "%s" in calendar days of the portal', (enteredAt, now, expected) => {
    expect(wordsFor({ timeZone: tz }).daysBetween(new Date(enteredAt), new Date(now))).toBe(expected);
  });
});

describe('dealRecordUrl', () => {
  it('dealRecordUrl(portal, deal) opens the deal record (object type 0-3)', () => {
    expect(dealRecordUrl(62515, '555')).toBe('https://app.hubspot.com/contacts/62515/record/0-3/555');
  });
});
