import { zonedDay, type CalendarDay } from './zonedDay.ts';

const DAY_MS = 86_400_000;

/**
 * How long a contact has been in its stage, counted in calendar days of the
 * portal's time zone so it agrees with the "since" date shown next to it:
 * "today", "1 day", "12 days".
 */
export function formatDaysInStage(enteredAt: Date, now: Date, timeZone: string): string {
  const days = Math.max(0, dayNumber(zonedDay(now, timeZone)) - dayNumber(zonedDay(enteredAt, timeZone)));
  if (days === 0) return 'today';
  return days === 1 ? '1 day' : `${days} days`;
}

function dayNumber({ year, month, day }: CalendarDay): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}
