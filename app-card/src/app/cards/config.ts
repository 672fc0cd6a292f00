/**
 * Where the card finds the Journey Stages service. hubspot.fetch only reaches
 * origins listed in app-hsmeta.json `permittedUrls.fetch` and only over HTTPS
 * (https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data);
 * a test checks that this origin is listed there. For local development, map it
 * to http://localhost:3000 with a `local.json` proxy next to the hsmeta file.
 */
export const JOURNEY_API_BASE_URL = 'https://journey-stages.example.com';

/** Below HubSpot's 15 s ceiling for hubspot.fetch, so our error state shows first. */
export const JOURNEY_FETCH_TIMEOUT_MS = 10_000;
