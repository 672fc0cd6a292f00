export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The calendar day an instant falls on in the portal's time zone
 * (`context.portal.timezone`, an IANA name). An unknown zone falls back to UTC
 * rather than breaking the card.
 */
export function zonedDay(instant: Date, timeZone: string): CalendarDay {
  const parts = dayFormatter(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/** "2 Mar 2026": fixed English month names, the same in every browser. */
export function formatDay(instant: Date, timeZone: string): string {
  const { year, month, day } = zonedDay(instant, timeZone);
  return `${day} ${MONTHS[month - 1] ?? '?'} ${year}`;
}

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  const options = { year: 'numeric', month: 'numeric', day: 'numeric' } as const;
  try {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' });
  }
}
