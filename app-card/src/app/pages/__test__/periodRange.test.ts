import { describe, expect, it } from 'vitest';

import { periodRange } from '../format/periodRange.ts';

const now = new Date('2026-11-22T23:30:00.000Z');

describe('periodRange', () => {
  it('periodRange(last 30 days) ends tomorrow (exclusive) so today counts, and spans 30 days', () => {
    expect(periodRange({ kind: 'last', days: 30 }, now)).toEqual({
      success: true,
      data: { from: '2026-10-24', to: '2026-11-23' },
    });
  });

  it('periodRange(last 365 days) crosses the year boundary', () => {
    expect(periodRange({ kind: 'last', days: 365 }, now)).toEqual({
      success: true,
      data: { from: '2025-11-23', to: '2026-11-23' },
    });
  });

  it('periodRange(between 1 Jan and 31 Mar) includes the last day: to is 1 Apr', () => {
    const period = {
      kind: 'between',
      from: { year: 2026, month: 0, date: 1 },
      to: { year: 2026, month: 2, date: 31 },
    } as const;
    expect(periodRange(period, now)).toEqual({ success: true, data: { from: '2026-01-01', to: '2026-04-01' } });
  });

  it('periodRange(one day) asks for that single day', () => {
    const day = { year: 2026, month: 10, date: 2 };
    expect(periodRange({ kind: 'between', from: day, to: day }, now)).toEqual({
      success: true,
      data: { from: '2026-11-02', to: '2026-11-03' },
    });
  });

  it('periodRange(first day after last day) says what to fix instead of asking the service', () => {
    const period = {
      kind: 'between',
      from: { year: 2026, month: 5, date: 2 },
      to: { year: 2026, month: 5, date: 1 },
    } as const;
    expect(periodRange(period, now)).toEqual({
      success: false,
      errors: ['home.period.fromAfterTo'],
    });
  });

  it('periodRange(a day missing) names the missing day', () => {
    expect(periodRange({ kind: 'between', from: null, to: { year: 2026, month: 5, date: 1 } }, now)).toEqual({
      success: false,
      errors: ['home.period.noFrom'],
    });
  });
});
