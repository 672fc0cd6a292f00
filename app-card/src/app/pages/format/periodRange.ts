/** A calendar day as DateInput gives it: month counts from 0 (January). */
export interface CalendarDate {
  year: number;
  month: number;
  date: number;
}

/** The period a manager picks: the last N days up to today, or a from/to pair of days (both included). */
export type Period =
  | { kind: 'last'; days: number }
  | { kind: 'between'; from: CalendarDate | null; to: CalendarDate | null };

/** The query's half-open range [from, to) as ISO days, which the service reads as UTC midnights. */
export interface DayRange {
  from: string;
  to: string;
}

/** What is wrong with a picked period, as the catalog key that says it (the picker shows the words). */
export type PeriodProblem = 'home.period.noFrom' | 'home.period.noTo' | 'home.period.fromAfterTo';

export type PeriodRangeResult = { success: true; data: DayRange } | { success: false; errors: PeriodProblem[] };

const DAY_MS = 86_400_000;

/**
 * The days to ask the funnel for. "Last 90 days" ends tomorrow (exclusive) so today
 * counts, as the service's own default does (src/api/funnel/resolve-period.ts); a picked
 * end day is included, so `to` is the day after it.
 *
 * @example
 * periodRange({ kind: 'last', days: 30 }, new Date('2026-11-22T15:00:00Z'))
 * // { success: true, data: { from: '2026-10-24', to: '2026-11-23' } }
 */
export function periodRange(period: Period, now: Date): PeriodRangeResult {
  if (period.kind === 'last') {
    const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    return { success: true, data: { from: isoDay(end - period.days * DAY_MS), to: isoDay(end) } };
  }
  const errors: PeriodProblem[] = [];
  if (!period.from) errors.push('home.period.noFrom');
  if (!period.to) errors.push('home.period.noTo');
  if (!period.from || !period.to) return { success: false, errors };
  const start = Date.UTC(period.from.year, period.from.month, period.from.date);
  const end = Date.UTC(period.to.year, period.to.month, period.to.date + 1);
  if (start >= end) return { success: false, errors: ['home.period.fromAfterTo'] };
  return { success: true, data: { from: isoDay(start), to: isoDay(end) } };
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
