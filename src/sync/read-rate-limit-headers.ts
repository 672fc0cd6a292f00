import type { AnnouncedLimit } from './rate-limit.ts';

function positive(headers: Headers, name: string): number | undefined {
  const value = Number(headers.get(name) ?? Number.NaN);
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

/**
 * The limit one HubSpot answer announces: X-HubSpot-RateLimit-Max calls per
 * -Interval-Milliseconds, -Remaining of them left; private apps also get -Daily and
 * -Daily-Remaining (changelog 2018-11-06 and "Rate limit headers will now appear for OAuth
 * authenticated calls"). undefined when the answer carries no usable pair.
 */
export function readRateLimitHeaders(headers: Headers): AnnouncedLimit | undefined {
  const max = positive(headers, 'x-hubspot-ratelimit-max');
  const intervalMs = positive(headers, 'x-hubspot-ratelimit-interval-milliseconds');
  if (max === undefined || intervalMs === undefined || max === 0 || intervalMs === 0) return undefined;
  const remaining = positive(headers, 'x-hubspot-ratelimit-remaining');
  const dailyMax = positive(headers, 'x-hubspot-ratelimit-daily');
  const dailyRemaining = positive(headers, 'x-hubspot-ratelimit-daily-remaining');
  return {
    max,
    intervalMs,
    ...(remaining === undefined ? {} : { remaining }),
    ...(dailyMax === undefined ? {} : { dailyMax }),
    ...(dailyRemaining === undefined ? {} : { dailyRemaining }),
  };
}
