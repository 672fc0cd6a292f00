import { BATCH_LIMIT } from './hubspot-api.ts';
import type { RateLimit } from './rate-limit.ts';

/**
 * HubSpot calls one backfill page of 100 contacts makes (processBackfillPage): the list, the
 * deal associations, the deals, and the batch update of the stages that changed.
 */
export const CALLS_PER_BACKFILL_PAGE = 4;

/**
 * About how long re-deriving `contacts` contacts takes when the backfill spends the portal's
 * whole rate limit (it shares it with webhooks, so a busy portal takes longer): one count, then
 * a page per 100 contacts. The backfill benchmark reaches about 86 % of the limit.
 */
export function estimateBackfillSeconds(contacts: number, limit: RateLimit): number {
  const calls = 1 + Math.ceil(contacts / BATCH_LIMIT) * CALLS_PER_BACKFILL_PAGE;
  return Math.ceil((calls * limit.intervalMs) / limit.max / 1000);
}
