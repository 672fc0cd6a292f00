import { hubspot } from '@hubspot/ui-extensions';

import { Funnel } from '../shared/api/funnel/funnel-schema.ts';
import type { DayRange } from '../format/periodRange.ts';

/** Why the funnel could not be shown; the error state turns each kind into advice. */
export type FunnelFetchError =
  | { kind: 'unauthorized'; status: number }
  | { kind: 'bad-period'; message: string }
  | { kind: 'rate-limited' }
  | { kind: 'server'; status: number }
  | { kind: 'network'; message: string }
  | { kind: 'invalid-response'; detail: string };

export type FetchFunnelResult = { success: true; data: Funnel } | { success: false; error: FunnelFetchError };

export interface FunnelRequest {
  baseUrl: string;
  portalId: number | string;
  range: DayRange;
  timeoutMs: number;
}

export type Fetcher = (url: string, options: { method: 'GET'; timeout: number }) => Promise<Response>;

/** `GET /api/journey/funnel?portalId=…&from=…&to=…` (CONTRACT.md sections 3 and 6); `to` is exclusive. */
export function funnelUrl({ baseUrl, portalId, range }: FunnelRequest): string {
  const query = new URLSearchParams({ portalId: String(portalId), from: range.from, to: range.to });
  return `${baseUrl}/api/journey/funnel?${query.toString()}`;
}

/**
 * Asks the service for the portal's funnel through hubspot.fetch, which signs the
 * request (v3). Never throws: every failure a manager can meet comes back as a value.
 */
export async function fetchFunnel(
  request: FunnelRequest,
  fetcher: Fetcher = (url, options) => hubspot.fetch(url, options),
): Promise<FetchFunnelResult> {
  let response: Response;
  try {
    response = await fetcher(funnelUrl(request), { method: 'GET', timeout: request.timeoutMs });
  } catch (err) {
    return fail({ kind: 'network', message: err instanceof Error ? err.message : String(err) });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) return fail(errorForStatus(response.status, body));
  const parsed = Funnel.safeParse(body);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
    return fail({ kind: 'invalid-response', detail: `unexpected fields: ${paths.join(', ')}` });
  }
  return { success: true, data: parsed.data };
}

function errorForStatus(status: number, body: unknown): FunnelFetchError {
  if (status === 401 || status === 403) return { kind: 'unauthorized', status };
  if (status === 400) return { kind: 'bad-period', message: messageOf(body) ?? 'the service refused the period' };
  if (status === 429) return { kind: 'rate-limited' };
  return { kind: 'server', status };
}

function messageOf(body: unknown): string | undefined {
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : undefined;
}

function fail(error: FunnelFetchError): FetchFunnelResult {
  return { success: false, error };
}
