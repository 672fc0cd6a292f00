/** Below HubSpot's 15 s ceiling for hubspot.fetch, so our error state shows first. */
export const FUNNEL_FETCH_TIMEOUT_MS = 10_000;
