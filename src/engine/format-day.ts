const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "2 Mar 2026": the day of a moment in UTC, as reasons show it. Computed rather than
 * formatted with date-fns: date-fns `format` works in the process's local time zone
 * unless `@date-fns/utc` is installed (it is not), and this runs in every derivation.
 * Civil date from days: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", civil_from_days.
 */
export function formatDay(millis: number): string {
  const z = Math.floor(millis / 86_400_000) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${day} ${months[month - 1]} ${year}`;
}
