import { describe, expect, it } from 'vitest';
import { kaplanMeierQuantiles, survivalSteps, survivalTable } from '../../../src/analytics/kaplan-meier.ts';

const finished = (...days: number[]) => days.map((d) => ({ days: d, ended: 1, ongoing: 0 }));
const ongoing = (...days: number[]) => days.map((d) => ({ days: d, ended: 0, ongoing: 1 }));

describe('kaplanMeierQuantiles', () => {
  it('with no censored stays gives the plain empirical quantiles', () => {
    // 10 stays of 1..10 days: S drops by 0.1 at each day.
    const q = kaplanMeierQuantiles(finished(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    expect(q).toEqual({ p50: 5, p75: 8, p90: 9, basis: 10 });
  });

  it('counts ongoing stays as at risk until they were last seen (hand-computed example)', () => {
    // Stays: ended at 2, 4, 6, 8, 10; still going at 3, 5, 7.
    // t=2: 8 at risk, S = 7/8 = 0.875
    // t=4: 6 at risk (2 ended, 3 censored gone), S = 0.875 * 5/6 = 0.7292
    // t=6: 4 at risk, S = 0.7292 * 3/4 = 0.5469
    // t=8: 2 at risk, S = 0.5469 * 1/2 = 0.2734
    // t=10: 1 at risk, S = 0
    const steps = survivalSteps([...finished(2, 4, 6, 8, 10), ...ongoing(3, 5, 7)]);
    expect(steps.map((s) => s.days)).toEqual([2, 4, 6, 8, 10]);
    expect(steps.map((s) => Number(s.survival.toFixed(4)))).toEqual([0.875, 0.7292, 0.5469, 0.2734, 0]);
    expect(kaplanMeierQuantiles([...finished(2, 4, 6, 8, 10), ...ongoing(3, 5, 7)])).toEqual({
      p50: 8,
      p75: 10,
      p90: 10,
      basis: 8,
    });
  });

  it('dropping the censored stays would understate the median (the reason for the estimator)', () => {
    const withOngoing = kaplanMeierQuantiles([...finished(1, 2, 3), ...ongoing(30, 30, 30), ...finished(40)]);
    const endedOnly = kaplanMeierQuantiles(finished(1, 2, 3, 40));
    expect(withOngoing.p50).toBe(40);
    expect(endedOnly.p50).toBe(2);
  });

  it('answers null for a quantile the curve never reaches', () => {
    expect(kaplanMeierQuantiles([...finished(1), ...ongoing(5, 6, 7)])).toEqual({
      p50: null,
      p75: null,
      p90: null,
      basis: 4,
    });
    expect(kaplanMeierQuantiles([])).toEqual({ p50: null, p75: null, p90: null, basis: 0 });
  });

  it('treats a censored stay at the same time as an ended one as still at risk then', () => {
    // t=5: 2 at risk (one ends, one censored at 5): S = 1/2.
    expect(survivalSteps([{ days: 5, ended: 1, ongoing: 1 }])).toEqual([{ days: 5, survival: 0.5 }]);
  });

  it('takes grouped counts the same as single stays', () => {
    const grouped = kaplanMeierQuantiles([
      { days: 3, ended: 4, ongoing: 2 },
      { days: 9, ended: 4, ongoing: 0 },
    ]);
    const single = kaplanMeierQuantiles([...finished(3, 3, 3, 3), ...ongoing(3, 3), ...finished(9, 9, 9, 9)]);
    expect(grouped).toEqual(single);
  });

  it('rejects negative durations, durations that are not numbers and negative counts', () => {
    expect(() => kaplanMeierQuantiles([{ days: -1, ended: 1, ongoing: 0 }])).toThrow(/days >= 0/);
    expect(() => kaplanMeierQuantiles([{ days: Number.NaN, ended: 1, ongoing: 0 }])).toThrow(/days >= 0/);
    expect(() => kaplanMeierQuantiles([{ days: 3, ended: -1, ongoing: 2 }])).toThrow(/counts >= 0/);
    expect(() => kaplanMeierQuantiles([{ days: 3, ended: 2, ongoing: -1 }])).toThrow(/counts >= 0/);
  });

  it('takes stays of no length (left the day they entered)', () => {
    expect(
      kaplanMeierQuantiles([
        { days: 0, ended: 2, ongoing: 0 },
        { days: 4, ended: 2, ongoing: 0 },
      ]),
    ).toEqual({ p50: 0, p75: 4, p90: 4, basis: 4 });
  });
});

describe('survivalTable (the forecast curve)', () => {
  it('gives every distinct length its stays at risk and S(length), censorings included (hand-computed)', () => {
    // Moves at 2, 2, 4; a censoring tied at 4 and one alone at 3; one move at 6.
    //   2: 6 at risk, 2 move: S = 4/6
    //   3: 4 at risk, censored only: S unchanged
    //   4: 3 at risk, 1 move (the censored one still at risk): S = 4/6 * 2/3 = 4/9
    //   6: 1 at risk, 1 move: S = 0
    const table = survivalTable([
      ...finished(2, 2, 4, 6),
      { days: 3, ended: 0, ongoing: 1 },
      { days: 4, ended: 0, ongoing: 1 },
    ]);
    expect(table.map((r) => [r.days, r.atRisk, Number(r.survival.toFixed(6))])).toEqual([
      [2, 6, Number((4 / 6).toFixed(6))],
      [3, 4, Number((4 / 6).toFixed(6))],
      [4, 3, Number((4 / 9).toFixed(6))],
      [6, 1, 0],
    ]);
  });

  it('keeps S at its last step for censorings after the last move', () => {
    // 2: 3 at risk, 1 move: S = 1 - 1/3; 5 and 7: censored only, S unchanged.
    expect(survivalTable([...finished(2), ...ongoing(5, 7)])).toEqual([
      { days: 2, atRisk: 3, survival: 1 - 1 / 3 },
      { days: 5, atRisk: 2, survival: 1 - 1 / 3 },
      { days: 7, atRisk: 1, survival: 1 - 1 / 3 },
    ]);
  });

  it('starts at S = 1 for censorings before the first move', () => {
    expect(survivalTable([...ongoing(1), ...finished(3)])).toEqual([
      { days: 1, atRisk: 2, survival: 1 },
      { days: 3, atRisk: 1, survival: 0 },
    ]);
  });

  it('is empty without stays', () => {
    expect(survivalTable([])).toEqual([]);
  });
});
