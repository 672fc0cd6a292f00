import type { Queryable } from './db.ts';

const DAY_MS = 86_400_000;

/**
 * Processed webhook events are kept past HubSpot's 24 h of retries (so a late duplicate still
 * dedupes), then dropped; quarantined ones stay a month for someone to look at.
 */
export async function pruneEvents(db: Queryable, now: Date): Promise<{ events: number; quarantined: number }> {
  const events = await db.query('delete from webhook_events where processed_at < $1', [
    new Date(now.getTime() - 3 * DAY_MS).toISOString(),
  ]);
  const quarantined = await db.query('delete from quarantined_events where received_at < $1', [
    new Date(now.getTime() - 30 * DAY_MS).toISOString(),
  ]);
  return { events: events.rowCount, quarantined: quarantined.rowCount };
}
