/**
 * Where the settings page finds the Journey Stages service: the same origin as the card's
 * config.ts, listed in app-hsmeta.json `permittedUrls.fetch` (a test checks both).
 * Each extension point is built on its own, so this folder cannot import the card's file
 * (https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensions/tools/linting/rules/no-parent-imports).
 */
export const SETTINGS_API_BASE_URL = 'https://journey-stages.example.com';

/** Below HubSpot's 15 s ceiling for hubspot.fetch, so our error state shows first. */
export const SETTINGS_FETCH_TIMEOUT_MS = 10_000;

/** How often backfill progress is asked for while a backfill runs. */
export const BACKFILL_POLL_MS = 3_000;
