import { MAX_SNOOZE_DAYS } from '@journey-stages/contract/snooze-schema';

const DAY_MS = 86_400_000;

export type SnoozeChoice =
  | { preset: 7 | 30 | 90 }
  | { preset: 'date'; date: { year: number; month: number; date: number } | null };

/** The form's choice as an instant: now plus the preset's days, or the picked day (00:00 UTC). */
export function snoozeUntil(choice: SnoozeChoice, now: Date): Date | null {
  if (choice.preset !== 'date') return new Date(now.getTime() + choice.preset * DAY_MS);
  if (choice.date === null) return null;
  const until = new Date(Date.UTC(choice.date.year, choice.date.month, choice.date.date));
  const valid = until.getTime() > now.getTime() && until.getTime() <= now.getTime() + MAX_SNOOZE_DAYS * DAY_MS;
  return valid ? until : null;
}

/** DateInput's bounds: tomorrow up to a year from today (months count from 0, as DateInput's do). */
export function snoozeDateBounds(now: Date): { min: CalendarDate; max: CalendarDate } {
  return {
    min: calendarDate(new Date(now.getTime() + DAY_MS)),
    max: calendarDate(new Date(now.getTime() + MAX_SNOOZE_DAYS * DAY_MS)),
  };
}

type CalendarDate = { year: number; month: number; date: number };
function calendarDate(d: Date): CalendarDate {
  return { year: d.getUTCFullYear(), month: d.getUTCMonth(), date: d.getUTCDate() };
}
