import { resolvePeriod, type PeriodResult } from '../funnel/resolve-period.ts';
import { months } from './compute-cohorts.ts';

export const DEFAULT_COHORT_MONTHS = 12;
export const MAX_COHORT_MONTHS = 120;

/**
 * The cohorts' period [from, to): as the funnel's when given; by default the 12 UTC months
 * up to and including the current one (from = a month's first day 11 months back).
 */
export function cohortPeriod(query: { from?: string | undefined; to?: string | undefined }, now: Date): PeriodResult {
  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const end = resolvePeriod({ to: query.to ?? nextMonth.toISOString() }, now);
  if (!end.success) return end;
  const last = new Date(end.data.to.getTime() - 1);
  const from =
    query.from ??
    new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - (DEFAULT_COHORT_MONTHS - 1), 1)).toISOString();
  const period = resolvePeriod({ from, to: end.data.to.toISOString() }, now);
  if (period.success && months(period.data.from, period.data.to).length > MAX_COHORT_MONTHS)
    return { success: false, errors: [`the period spans more than ${MAX_COHORT_MONTHS} months: ask for fewer`] };
  return period;
}
