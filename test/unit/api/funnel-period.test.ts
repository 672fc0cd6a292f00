import { describe, expect, it } from 'vitest';
import { resolvePeriod } from '../../../src/api/funnel/resolve-period.ts';

const now = new Date('2026-11-21T15:30:00Z');
const iso = (r: ReturnType<typeof resolvePeriod>) =>
  r.success ? { from: r.data.from.toISOString(), to: r.data.to.toISOString() } : r.errors;

describe('resolvePeriod', () => {
  it('resolvePeriod(no dates) is the last 90 days ending today, today included', () => {
    expect(iso(resolvePeriod({}, now))).toEqual({ from: '2026-08-24T00:00:00.000Z', to: '2026-11-22T00:00:00.000Z' });
  });

  it('resolvePeriod(two calendar days) reads them as UTC midnights', () => {
    expect(iso(resolvePeriod({ from: '2026-01-01', to: '2026-02-01' }, now))).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    });
  });

  it('resolvePeriod(date-times with an offset) keeps the instants (a portal in another time zone)', () => {
    expect(iso(resolvePeriod({ from: '2026-01-01T00:00:00+01:00', to: '2026-02-01T00:00:00Z' }, now))).toEqual({
      from: '2025-12-31T23:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    });
  });

  it('resolvePeriod(only to) is the 90 days before it; resolvePeriod(only from) runs until the end of today', () => {
    expect(iso(resolvePeriod({ to: '2026-04-01' }, now))).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    });
    expect(iso(resolvePeriod({ from: '2026-11-01' }, now))).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-22T00:00:00.000Z',
    });
  });

  it('resolvePeriod(from equal to to) is an empty period, not an error', () => {
    expect(resolvePeriod({ from: '2026-03-01', to: '2026-03-01' }, now).success).toBe(true);
  });

  it.each([
    [{ from: '2026-02-30' }, /from: "2026-02-30" is not an ISO date/],
    [{ to: 'yesterday' }, /to: "yesterday" is not an ISO date/],
    [{ from: '2026-03-01 10:00' }, /from: .* is not an ISO date/],
    [
      { from: '2026-03-02', to: '2026-03-01' },
      /from \(2026-03-02T00:00:00.000Z\) is after to \(2026-03-01T00:00:00.000Z\)/,
    ],
  ])('resolvePeriod(%j) fails with a message naming the parameter', (query, message) => {
    const r = resolvePeriod(query, now);
    expect(r.success).toBe(false);
    expect(r.success ? '' : r.errors.join('; ')).toMatch(message);
  });
});
