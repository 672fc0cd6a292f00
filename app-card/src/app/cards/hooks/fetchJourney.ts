import { hubspot } from '@hubspot/ui-extensions';

import { Journey } from '@journey-stages/contract/journey';

/** Why the journey could not be shown; the error state turns each kind into advice. */
export type JourneyFetchError =
  | { kind: 'unauthorized'; status: number }
  | { kind: 'not-found' }
  | { kind: 'rate-limited' }
  | { kind: 'server'; status: number }
  | { kind: 'network'; message: string }
  | { kind: 'invalid-response'; detail: string };

export type FetchJourneyResult = { success: true; data: Journey } | { success: false; error: JourneyFetchError };

export interface JourneyRequest {
  baseUrl: string;
  portalId: number | string;
  contactId: number | string;
  timeoutMs: number;
}

export type Fetcher = (url: string, options: { method: 'GET'; timeout: number }) => Promise<Response>;

/** `GET /api/journey/contacts/:contactId?portalId=…` (docs/api.md). */
export function journeyUrl({ baseUrl, portalId, contactId }: JourneyRequest): string {
  const contact = encodeURIComponent(String(contactId));
  const portal = encodeURIComponent(String(portalId));
  return `${baseUrl}/api/journey/contacts/${contact}?portalId=${portal}`;
}

/**
 * Asks the service for one contact's journey through hubspot.fetch, which signs
 * the request (v3) for our signature check. Never throws: every failure a rep can
 * meet comes back as a value.
 */
export async function fetchJourney(
  request: JourneyRequest,
  fetcher: Fetcher = (url, options) => hubspot.fetch(url, options),
): Promise<FetchJourneyResult> {
  let response: Response;
  try {
    response = await fetcher(journeyUrl(request), { method: 'GET', timeout: request.timeoutMs });
  } catch (err) {
    return fail({ kind: 'network', message: err instanceof Error ? err.message : String(err) });
  }
  if (!response.ok) return fail(errorForStatus(response.status));

  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return fail({ kind: 'invalid-response', detail: 'the answer is not JSON' });
  }
  const parsed = Journey.safeParse(body);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
    return fail({ kind: 'invalid-response', detail: `unexpected fields: ${paths.join(', ')}` });
  }
  return { success: true, data: parsed.data };
}

function errorForStatus(status: number): JourneyFetchError {
  if (status === 401 || status === 403) return { kind: 'unauthorized', status };
  if (status === 404) return { kind: 'not-found' };
  if (status === 429) return { kind: 'rate-limited' };
  return { kind: 'server', status };
}

function fail(error: JourneyFetchError): FetchJourneyResult {
  return { success: false, error };
}
