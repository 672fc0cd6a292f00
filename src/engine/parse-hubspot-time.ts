const DAY = 86_400_000;

/**
 * Milliseconds since the epoch of a HubSpot timestamp, or null when missing or invalid.
 * The CRM API returns datetime properties as ISO 8601 strings, webhooks and older
 * endpoints as epoch milliseconds, and date properties as `YYYY-MM-DD` (midnight UTC).
 * Anything else ("March 2", "2026-02-30") is treated as missing rather than guessed at.
 * Parsed by hand: this runs for every dated property of every derivation, and
 * `Date.parse` both costs more and rolls impossible dates over into the next month.
 */
export function parseHubSpotTime(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = value.length;
  if (n === 0) return null;
  if (n === 24 && value.charCodeAt(23) === 90) {
    const fast = canonicalIso(value);
    if (fast !== null) return fast;
  }
  if (n <= 15) {
    const millis = digits(value, 0, n);
    if (millis >= 0) return millis;
  }
  if (n < 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return null;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return null;
  const days = epochDay(year, month, day);
  if (Number.isNaN(days)) return null;
  const date = days * DAY;
  if (n === 10) return date;
  const time = timeOfDay(value);
  return time === null ? null : date + time;
}

/**
 * The form HubSpot's CRM API uses, "2026-03-02T10:00:00.000Z", read in one pass: each
 * character once, digits checked together, no helper calls (this is the most frequent form,
 * parsed a dozen times per derivation). Null for anything else, which parseHubSpotTime then reads
 * the slow way: exported so a test can hold this path to reading every value of its form itself.
 */
export function canonicalIso(value: string): number | null {
  if (
    value.charCodeAt(4) !== 45 ||
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 ||
    value.charCodeAt(13) !== 58 ||
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(19) !== 46
  )
    return null;
  const y0 = value.charCodeAt(0) - 48;
  const y1 = value.charCodeAt(1) - 48;
  const y2 = value.charCodeAt(2) - 48;
  const y3 = value.charCodeAt(3) - 48;
  const mo0 = value.charCodeAt(5) - 48;
  const mo1 = value.charCodeAt(6) - 48;
  const d0 = value.charCodeAt(8) - 48;
  const d1 = value.charCodeAt(9) - 48;
  const h0 = value.charCodeAt(11) - 48;
  const h1 = value.charCodeAt(12) - 48;
  const mi0 = value.charCodeAt(14) - 48;
  const mi1 = value.charCodeAt(15) - 48;
  const s0 = value.charCodeAt(17) - 48;
  const s1 = value.charCodeAt(18) - 48;
  const f0 = value.charCodeAt(20) - 48;
  const f1 = value.charCodeAt(21) - 48;
  const f2 = value.charCodeAt(22) - 48;
  // `>>> 0` turns a character below '0' into a large number, so one comparison per digit.
  if (
    y0 >>> 0 > 9 ||
    y1 >>> 0 > 9 ||
    y2 >>> 0 > 9 ||
    y3 >>> 0 > 9 ||
    mo0 >>> 0 > 9 ||
    mo1 >>> 0 > 9 ||
    d0 >>> 0 > 9 ||
    d1 >>> 0 > 9 ||
    h0 >>> 0 > 9 ||
    h1 >>> 0 > 9 ||
    mi0 >>> 0 > 9 ||
    mi1 >>> 0 > 9 ||
    s0 >>> 0 > 9 ||
    s1 >>> 0 > 9 ||
    f0 >>> 0 > 9 ||
    f1 >>> 0 > 9 ||
    f2 >>> 0 > 9
  )
    return null;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = mo0 * 10 + mo1;
  const day = d0 * 10 + d1;
  const hour = h0 * 10 + h1;
  const minute = mi0 * 10 + mi1;
  const second = s0 * 10 + s1;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const days = epochDay(year, month, day);
  if (Number.isNaN(days)) return null;
  return days * DAY + hour * 3_600_000 + minute * 60_000 + second * 1000 + f0 * 100 + f1 * 10 + f2;
}

/** "THH:MM[:SS[.fff…]]" then "Z", "±HH:MM", "±HHMM" or nothing (UTC, as HubSpot means it). */
function timeOfDay(value: string): number | null {
  const n = value.length;
  if (n < 16 || value.charCodeAt(10) !== 84 || value.charCodeAt(13) !== 58) return null;
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  let millis = hour * 3_600_000 + minute * 60_000;
  let i = 16;
  if (i < n && value.charCodeAt(i) === 58) {
    const second = digits(value, 17, 2);
    if (second < 0 || second > 59) return null;
    millis += second * 1000;
    i = 19;
    if (i < n && value.charCodeAt(i) === 46) {
      const start = ++i;
      let fraction = 0;
      for (let scale = 100; i < n && isDigit(value.charCodeAt(i)); i++, scale /= 10)
        if (scale >= 1) fraction += (value.charCodeAt(i) - 48) * scale;
      if (i === start || i - start > 9) return null;
      millis += fraction;
    }
  }
  if (i === n) return millis;
  const sign = value.charCodeAt(i);
  if (sign === 90) return i === n - 1 ? millis : null;
  if (sign !== 43 && sign !== 45) return null;
  const oh = digits(value, i + 1, 2);
  const colon = value.charCodeAt(i + 3) === 58 ? 1 : 0;
  const om = digits(value, i + 3 + colon, 2);
  if (oh < 0 || om < 0 || i + 5 + colon !== n) return null;
  const offset = (oh * 60 + om) * 60_000;
  return sign === 43 ? millis - offset : millis + offset;
}

/** The number written by `length` digits from `start`, or -1 if any is not a digit. */
function digits(value: string, start: number, length: number): number {
  if (start + length > value.length) return -1;
  let number = 0;
  for (let i = start; i < start + length; i++) {
    const c = value.charCodeAt(i);
    if (!isDigit(c)) return -1;
    number = number * 10 + (c - 48);
  }
  return number;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/*
 * Days from 1970-01-01 to 1 January of each year from TABLE_FROM to TABLE_TO (and of the year
 * after), worked out once: reading a date of those years takes table reads instead of the
 * divisions of daysInMonth and daysFromCivil, a dozen times per derivation.
 */
const TABLE_FROM = 1970;
const TABLE_TO = 2199;
const yearStarts = new Float64Array(TABLE_TO - TABLE_FROM + 2);
for (let year = TABLE_FROM; year <= TABLE_TO + 1; year++) yearStarts[year - TABLE_FROM] = daysFromCivil(year, 1, 1);
/** Days of each month in a common year, and days before it. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** Days since 1970-01-01 of a date (month 1 to 12, day from 1), or NaN if its month has no such day. */
function epochDay(year: number, month: number, day: number): number {
  const row = year - TABLE_FROM;
  if (row < 0 || row > TABLE_TO - TABLE_FROM)
    return day > daysInMonth(year, month) ? Number.NaN : daysFromCivil(year, month, day);
  const start = yearStarts[row] as number;
  const leap = (yearStarts[row + 1] as number) - start === 366;
  if (day > (month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] as number))) return Number.NaN;
  return start + (DAYS_BEFORE[month - 1] as number) + (leap && month > 2 ? 1 : 0) + day - 1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible
// Low-Level Date Algorithms", days_from_civil).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}
