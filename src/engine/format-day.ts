/*
 * The one way the server writes a day ("2 Mar 2026"): in reasons (UTC) and on the preview
 * pages (the viewer's zone), with fixed English month names as the card writes them
 * (app-card/src/app/cards/format/zonedDay.ts, the browser's copy), so all three agree.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;

export type CalendarDay = { year: number; month: number; day: number };

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

/** "2 Mar 2026": the day of a moment (a Date or epoch milliseconds) in a zone, UTC by default. */
export function formatDay(instant: Date | number, timeZone = 'UTC'): string {
  if (timeZone === 'UTC') return utcDay(typeof instant === 'number' ? instant : instant.getTime());
  return writeDay(calendarDay(instant, timeZone));
}

const writeDay = ({ year, month, day }: CalendarDay) => `${day} ${MONTHS[month - 1] ?? '?'} ${year}`;

/*
 * UTC days written so far, in slots by day number modulo their count (a day takes over its
 * slot from another). Every derivation writes a day into each holding stage's reason, and
 * contacts share few distinct days, so an array read replaces the calendar arithmetic and
 * the string building (about a tenth of a derivation's time). Slots rather than a Map:
 * hashing the day number showed as 2% of a derivation in perf.
 */
const DAY_SLOTS = 4096;
const slotDay = new Float64Array(DAY_SLOTS).fill(Number.NaN);
const slotText: string[] = new Array<string>(DAY_SLOTS).fill('');

function utcDay(millis: number): string {
  const days = Math.floor(millis / DAY_MS);
  const slot = days & (DAY_SLOTS - 1);
  if (slotDay[slot] === days) return slotText[slot] as string;
  const text = writeDay(civilFromDays(days));
  slotDay[slot] = days;
  slotText[slot] = text;
  return text;
}

/**
 * "today", "1 day", "12 days": calendar days in the zone, so the count agrees with the
 * "since" date printed next to it even across midnight and daylight-saving changes.
 */
export function formatDaysInStage(enteredAt: Date, now: Date, timeZone: string): string {
  const days = Math.max(0, dayNumber(calendarDay(now, timeZone)) - dayNumber(calendarDay(enteredAt, timeZone)));
  if (days === 0) return 'today';
  return days === 1 ? '1 day' : `${days} days`;
}

/**
 * The calendar day of a moment in a zone. UTC is computed rather than asked of Intl: it
 * writes the day of every reason (through utcDay), and date-fns `format` would use the
 * process's local zone.
 */
function calendarDay(instant: Date | number, timeZone: string): CalendarDay {
  const millis = typeof instant === 'number' ? instant : instant.getTime();
  if (timeZone === 'UTC') return civilFromDays(Math.floor(millis / DAY_MS));
  const parts = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    timeZone,
  }).formatToParts(millis);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/** Civil date from days since 1970-01-01: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", civil_from_days. */
function civilFromDays(days: number): CalendarDay {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function dayNumber({ year, month, day }: CalendarDay): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}
