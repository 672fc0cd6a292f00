/**
 * "22 Nov 2026, 07:00" in the portal's time zone (`context.portal.timezone`, an IANA name);
 * an unknown zone falls back to UTC rather than breaking the page.
 */
export function formatInstant(iso: string, timeZone: string): string {
  const options = {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  } as const;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
  } catch {
    format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
  }
  return format.format(new Date(iso));
}
