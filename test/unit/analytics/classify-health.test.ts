import { describe, expect, it } from 'vitest';
import { classifyHealth, type StageDwell } from '../../../src/analytics/classify-health.ts';

const DAY = 86_400_000;
const enteredAt = new Date('2026-11-01T00:00:00.000Z');
const dwell: StageDwell = { p50: 8, p75: 14, p90: 16, basis: 20 };
const at = (days: number, ms = 0) => new Date(enteredAt.getTime() + days * DAY + ms);
const status = (now: Date, d = dwell, isLastStage = false) =>
  classifyHealth({ enteredAt, now, dwell: d, isLastStage })?.status ?? null;

describe('classifyHealth (docs/health.md)', () => {
  it.each([
    [at(0), 'on_track'],
    [at(14), 'on_track'], // t = p75: still on track
    [at(14, 1), 'behind'],
    [at(16), 'behind'], // t = p90: still behind
    [at(16, 1), 'stuck'],
    [at(200), 'stuck'],
  ] as const)('at %s the contact is %s', (now, expected) => {
    expect(status(now)).toBe(expected);
  });

  it('says when the status next changes with time alone: just after p75, then just after p90, then never', () => {
    expect(classifyHealth({ enteredAt, now: at(3), dwell, isLastStage: false })?.changesAt).toEqual(at(14, 1));
    expect(classifyHealth({ enteredAt, now: at(15), dwell, isLastStage: false })?.changesAt).toEqual(at(16, 1));
    expect(classifyHealth({ enteredAt, now: at(17), dwell, isLastStage: false })?.changesAt).toBeNull();
  });

  it('says since when the status holds: the entry, then just after p75, then just after p90', () => {
    expect(classifyHealth({ enteredAt, now: at(3), dwell, isLastStage: false })?.since).toEqual(enteredAt);
    expect(classifyHealth({ enteredAt, now: at(15), dwell, isLastStage: false })?.since).toEqual(at(14, 1));
    expect(classifyHealth({ enteredAt, now: at(90), dwell, isLastStage: false })?.since).toEqual(at(16, 1));
  });

  it('carries the days in stage and the quantiles for the card', () => {
    expect(classifyHealth({ enteredAt, now: at(15, 6 * 3_600_000), dwell, isLastStage: false })).toMatchObject({
      status: 'behind',
      daysInStage: 15.3,
      p50Days: 8,
      p75Days: 14,
      p90Days: 16,
      basis: 20,
    });
  });

  it('has no answer without a basis: 19 stays, no quantile, no row, or the last stage', () => {
    expect(status(at(20), { ...dwell, basis: 19 })).toBeNull();
    expect(status(at(20), { ...dwell, basis: 20 })).toBe('stuck');
    expect(status(at(20), { ...dwell, p50: null })).toBeNull();
    expect(status(at(20), { ...dwell, p75: null })).toBeNull();
    expect(status(at(20), { ...dwell, p90: null })).toBeNull();
    expect(classifyHealth({ enteredAt, now: at(20), dwell: undefined, isLastStage: false })).toBeNull();
    expect(status(at(20), dwell, true)).toBeNull();
  });

  it('counts a contact whose entry lies after now (clock skew) as just entered, not as minus days', () => {
    expect(classifyHealth({ enteredAt, now: at(-2), dwell, isLastStage: false })).toMatchObject({
      status: 'on_track',
      daysInStage: 0,
    });
  });
});
