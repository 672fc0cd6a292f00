import { Journey } from '@journey-stages/contract/journey';
import {
  type ApiError,
  type ApiResult,
  type Fetcher,
  serviceUrl,
  signedFetch,
} from '@journey-stages/extension-kit/signed-fetch';

export type { Fetcher } from '@journey-stages/extension-kit/signed-fetch';
/** Why the journey could not be shown; the error state turns each kind into advice. */
export type JourneyFetchError = ApiError;
export type FetchJourneyResult = ApiResult<Journey>;

export interface JourneyRequest {
  baseUrl: string;
  contactId: number | string;
  timeoutMs: number;
}

/** `GET /api/journey/contacts/:contactId`; hubspot.fetch adds `portalId` (docs/cards.md, "Signed requests"). */
export function journeyUrl({ baseUrl, contactId }: JourneyRequest): string {
  return serviceUrl(baseUrl, `/api/journey/contacts/${encodeURIComponent(String(contactId))}`);
}

/** Asks the service for one contact's journey through hubspot.fetch (signed v3). Never throws. */
export function fetchJourney(request: JourneyRequest, fetcher?: Fetcher): Promise<FetchJourneyResult> {
  return signedFetch(journeyUrl(request), Journey, { timeoutMs: request.timeoutMs, fetcher });
}
