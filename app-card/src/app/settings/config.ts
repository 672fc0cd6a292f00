/** Below HubSpot's 15 s ceiling for hubspot.fetch, so our error state shows first. */
export const SETTINGS_FETCH_TIMEOUT_MS = 10_000;

/** How often backfill progress is asked for while a backfill runs. */
export const BACKFILL_POLL_MS = 3_000;
