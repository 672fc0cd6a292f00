/** The deployed service (must be listed in app-hsmeta.json permittedUrls.fetch). Same value as the card's config. */
export const API_BASE_URL = 'https://journey-stages.example.com';
export const FETCH_TIMEOUT_MS = 10_000;
/** How often backfill progress is refreshed while a backfill runs. */
export const BACKFILL_POLL_MS = 3_000;
