import type { AnnouncedLimit } from './rate-limit.ts';

/** A header's whole number of zero or more; undefined when absent, blank or anything else (Number('') is 0). */
function wholeNumber(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name)?.trim() ?? '';
  const value = raw === '' ? Number.NaN : Number(raw);
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

/**
 * The limit one HubSpot answer announces: X-HubSpot-RateLimit-Max calls per
 * -Interval-Milliseconds, -Remaining of them left; private apps also get -Daily and
 * -Daily-Remaining (changelog 2018-11-06 and "Rate limit headers will now appear for OAuth
 * authenticated calls"). undefined when the answer carries no usable pair.
 */
export function readRateLimitHeaders(headers: Headers): AnnouncedLimit | undefined {
  const max = wholeNumber(headers, 'x-hubspot-ratelimit-max');
  const intervalMs = wholeNumber(headers, 'x-hubspot-ratelimit-interval-milliseconds');
  if (max === undefined || intervalMs === undefined || max === 0 || intervalMs === 0) return undefined;
  const remaining = wholeNumber(headers, 'x-hubspot-ratelimit-remaining');
  const dailyMax = wholeNumber(headers, 'x-hubspot-ratelimit-daily');
  const dailyRemaining = wholeNumber(headers, 'x-hubspot-ratelimit-daily-remaining');
  return {
    max,
    intervalMs,
    ...(remaining === undefined ? {} : { remaining }),
    ...(dailyMax === undefined ? {} : { dailyMax }),
    ...(dailyRemaining === undefined ? {} : { dailyRemaining }),
  };
}
