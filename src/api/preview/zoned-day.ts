const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;

type CalendarDay = { year: number; month: number; day: number };

/** Whether Intl knows the zone name ("Europe/Berlin", "UTC"). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The zone if Intl knows it, else UTC: a bad zone must not break the page. */
export function resolveTimeZone(timeZone: string | undefined): string {
  return timeZone !== undefined && isTimeZone(timeZone) ? timeZone : 'UTC';
}

/**
 * "2 Mar 2026" in the given zone, with fixed English month names, as the card writes
 * dates (app-card/src/app/cards/format/zonedDay.ts), so preview and card agree.
 */
export function formatDay(instant: Date, timeZone: string): string {
  const { year, month, day } = zonedDay(instant, timeZone);
  return `${day} ${MONTHS[month - 1] ?? '?'} ${year}`;
}

/**
 * "today", "1 day", "12 days": calendar days in the zone, so the count agrees with the
 * "since" date printed next to it even across midnight and daylight-saving changes.
 */
export function formatDaysInStage(enteredAt: Date, now: Date, timeZone: string): string {
  const days = Math.max(0, dayNumber(zonedDay(now, timeZone)) - dayNumber(zonedDay(enteredAt, timeZone)));
  if (days === 0) return 'today';
  return days === 1 ? '1 day' : `${days} days`;
}

function zonedDay(instant: Date, timeZone: string): CalendarDay {
  const parts = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'numeric', day: 'numeric', timeZone }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

function dayNumber({ year, month, day }: CalendarDay): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}
