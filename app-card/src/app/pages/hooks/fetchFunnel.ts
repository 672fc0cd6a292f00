import { Funnel } from '@journey-stages/contract/funnel-schema';
import type { DayRange } from '../format/periodRange.ts';
import { fetchSigned, type ApiFetchError, type Fetcher, type FetchResult } from './fetchSigned.ts';

export type { Fetcher } from './fetchSigned.ts';
export type FunnelFetchError = ApiFetchError;
export type FetchFunnelResult = FetchResult<Funnel>;

export interface FunnelRequest {
  baseUrl: string;
  portalId: number | string;
  range: DayRange;
  timeoutMs: number;
  /** A contact enumeration property to split the funnel by (docs/api.md), or none. */
  segment?: string | undefined;
}

/** `GET /api/journey/funnel?portalId=…&from=…&to=…[&segment=…]` (docs/api.md); `to` is exclusive. */
export function funnelUrl({ baseUrl, portalId, range, segment }: FunnelRequest): string {
  const query = new URLSearchParams({ portalId: String(portalId), from: range.from, to: range.to });
  if (segment) query.set('segment', segment);
  return `${baseUrl}/api/journey/funnel?${query.toString()}`;
}

/** Asks the service for the portal's funnel through hubspot.fetch (signed v3). Never throws. */
export function fetchFunnel(request: FunnelRequest, fetcher?: Fetcher): Promise<FetchFunnelResult> {
  return fetchSigned(funnelUrl(request), Funnel, request.timeoutMs, fetcher);
}
