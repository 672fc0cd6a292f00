import { Funnel } from '@journey-stages/contract/funnel-schema';
import {
  type ApiError,
  type ApiResult,
  type Fetcher,
  serviceUrl,
  signedFetch,
} from '@journey-stages/extension-kit/signed-fetch';
import type { DayRange } from '../format/periodRange.ts';

export type { Fetcher } from '@journey-stages/extension-kit/signed-fetch';
export type FunnelFetchError = ApiError;
export type FetchFunnelResult = ApiResult<Funnel>;

export interface FunnelRequest {
  baseUrl: string;
  range: DayRange;
  timeoutMs: number;
  /** A contact enumeration property to split the funnel by (docs/api.md), or none. */
  segment?: string | undefined;
}

/** `GET /api/journey/funnel?from=…&to=…[&segment=…]` (hubspot.fetch adds `portalId`); `to` is exclusive. */
export function funnelUrl({ baseUrl, range, segment }: FunnelRequest): string {
  return serviceUrl(baseUrl, '/api/journey/funnel', {
    from: range.from,
    to: range.to,
    segment: segment || undefined,
  });
}

/** Asks the service for the portal's funnel through hubspot.fetch (signed v3). Never throws. */
export function fetchFunnel(request: FunnelRequest, fetcher?: Fetcher): Promise<FetchFunnelResult> {
  return signedFetch(funnelUrl(request), Funnel, { timeoutMs: request.timeoutMs, fetcher });
}
