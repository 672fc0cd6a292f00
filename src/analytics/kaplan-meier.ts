/**
 * Kaplan–Meier quantiles of time in a stage, where stays still going are right-censored:
 * a contact that has waited 40 days so far says "at least 40", not "40" and not nothing.
 * Leaving them out biases dwell times low; counting them as finished biases them low too.
 * https://en.wikipedia.org/wiki/Kaplan%E2%80%93Meier_estimator
 *
 * Pure: callers aggregate stays (in SQL, by duration) and pass the groups in.
 */
export type StayGroup = {
  /** Length of the stays in days (finished) or so far (censored). */
  days: number;
  /** Stays of this length that ended (the contact left the stage). */
  ended: number;
  /** Stays of this length still going (censored). */
  ongoing: number;
};

export type Quantiles = { p50: number | null; p75: number | null; p90: number | null; basis: number };

/**
 * The survival curve S(t) as steps: after each time with at least one ended stay,
 * the share of stays expected to last longer. At equal times, ended stays count
 * before censored ones (the usual convention: a censored stay at t was still at risk at t).
 */
export function survivalSteps(groups: readonly StayGroup[]): { days: number; survival: number }[] {
  const byDays = new Map<number, { ended: number; ongoing: number }>();
  for (const g of groups) {
    if (!(g.days >= 0) || g.ended < 0 || g.ongoing < 0)
      throw new RangeError('[kaplan-meier] stays need days >= 0 and counts >= 0');
    const cur = byDays.get(g.days) ?? { ended: 0, ongoing: 0 };
    cur.ended += g.ended;
    cur.ongoing += g.ongoing;
    byDays.set(g.days, cur);
  }
  const times = [...byDays.keys()].sort((a, b) => a - b);
  let atRisk = 0;
  for (const t of times) atRisk += byDays.get(t)!.ended + byDays.get(t)!.ongoing;
  const steps: { days: number; survival: number }[] = [];
  let survival = 1;
  for (const t of times) {
    const { ended, ongoing } = byDays.get(t)!;
    // atRisk still counts the stays ending at t, so it is at least `ended` here: no division by 0.
    if (ended > 0) {
      survival *= 1 - ended / atRisk;
      steps.push({ days: t, survival });
    }
    atRisk -= ended + ongoing;
  }
  return steps;
}

/**
 * The q-quantile of time in stage: the first time at which S(t) <= 1 - q. null when the
 * curve never gets that low (too many stays still going to say).
 */
export function quantile(steps: readonly { days: number; survival: number }[], q: number): number | null {
  const target = 1 - q + 1e-12;
  // Stryker disable next-line EqualityOperator: no curve of stay counts lands exactly on 1 - q + 1e-12 (the 1e-12 lets a step at 1 - q, off by rounding, count)
  for (const s of steps) if (s.survival <= target) return s.days;
  return null;
}

/** p50, p75, p90 in days and the number of stays they rest on. */
export function kaplanMeierQuantiles(groups: readonly StayGroup[]): Quantiles {
  const steps = survivalSteps(groups);
  const basis = groups.reduce((n, g) => n + g.ended + g.ongoing, 0);
  return { p50: quantile(steps, 0.5), p75: quantile(steps, 0.75), p90: quantile(steps, 0.9), basis };
}

/** One row of a stage's survival table: a distinct stay length, the stays at least that long, S(days). */
export type SurvivalRow = { days: number; atRisk: number; survival: number };

/**
 * The survival table behind the forecast: for every distinct length (events or censorings),
 * the stays at least that long (at risk) and S(days), the share expected to last longer than
 * `days`. Rows for censorings alone carry S unchanged, so a lookup at any t finds both the
 * number at risk (first row with days >= t) and S(t) (last row with days <= t).
 */
export function survivalTable(groups: readonly StayGroup[]): SurvivalRow[] {
  const steps = survivalSteps(groups);
  const byDays = new Map<number, number>();
  for (const g of groups) byDays.set(g.days, (byDays.get(g.days) ?? 0) + g.ended + g.ongoing);
  const times = [...byDays.keys()].sort((a, b) => a - b);
  let atRisk = groups.reduce((n, g) => n + g.ended + g.ongoing, 0);
  let survival = 1;
  let step = 0;
  return times.map((days) => {
    if (steps[step]?.days === days) survival = steps[step++]!.survival;
    const row = { days, atRisk, survival };
    atRisk -= byDays.get(days)!;
    return row;
  });
}
