import { hubspot } from '@hubspot/ui-extensions';
import type { z } from 'zod';

/**
 * Why an answer could not be shown. Every extension meets the same few: the error states turn
 * each kind into words (describe-api-error.ts), naming who fixes what.
 */
export type ApiError =
  | { kind: 'unauthorized'; status: number }
  /** 400: the service refused what was sent; `message` says why, `errors` lists a model's problems. */
  | { kind: 'refused'; message: string; errors: string[] }
  | { kind: 'not-found' }
  | { kind: 'rate-limited' }
  | { kind: 'server'; status: number }
  | { kind: 'network'; message: string }
  | { kind: 'invalid-response'; detail: string };

export type ApiResult<T> = { success: true; data: T } | { success: false; error: ApiError };

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';
export type JsonBody = { [key: string]: unknown };
export type Fetcher = (
  url: string,
  options: { method: HttpMethod; timeout: number; body?: JsonBody },
) => Promise<Response>;

export interface SignedRequest {
  method?: HttpMethod;
  /** Below HubSpot's 15 s ceiling for hubspot.fetch, so our error state shows first. */
  timeoutMs: number;
  /** hubspot.fetch serialises it as JSON. */
  body?: JsonBody;
  /** Tests pass their own; in HubSpot it is hubspot.fetch. */
  fetcher?: Fetcher | undefined;
}

/** Below HubSpot's 15 s ceiling for hubspot.fetch (docs/cards.md), so our error state shows first. */
export const SERVICE_TIMEOUT_MS = 10_000;

/** `baseUrl + path + ?query`, values encoded, undefined ones left out. */
export function serviceUrl(baseUrl: string, path: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
  const text = params.toString();
  return `${baseUrl}${path}${text === '' ? '' : `?${text}`}`;
}

/**
 * One request to the service through hubspot.fetch, which signs it (v3) for the service's
 * signature check, and its answer read with the contract's schema. Never throws: every failure
 * a user can meet comes back as a value. A 204 answers `undefined` (pass a schema that takes it).
 */
export async function signedFetch<T>(url: string, schema: z.ZodType<T>, request: SignedRequest): Promise<ApiResult<T>> {
  const fetcher: Fetcher = request.fetcher ?? ((u, options) => hubspot.fetch(u, options));
  const options = {
    method: request.method ?? 'GET',
    timeout: request.timeoutMs,
    ...(request.body ? { body: request.body } : {}),
  };
  let response: Response;
  try {
    response = await fetcher(url, options);
  } catch (err) {
    return fail({ kind: 'network', message: err instanceof Error ? err.message : String(err) });
  }
  let body: unknown;
  let readable = true;
  if (response.status !== 204) {
    try {
      body = await response.json();
    } catch {
      readable = false;
    }
  }
  if (!response.ok) return fail(errorForStatus(response.status, body));
  if (!readable) return fail({ kind: 'invalid-response', detail: 'the answer is not JSON' });
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
    return fail({ kind: 'invalid-response', detail: `unexpected fields: ${paths.join(', ')}` });
  }
  return { success: true, data: parsed.data };
}

function errorForStatus(status: number, body: unknown): ApiError {
  if (status === 401 || status === 403) return { kind: 'unauthorized', status };
  if (status === 404) return { kind: 'not-found' };
  if (status === 429) return { kind: 'rate-limited' };
  if (status === 400) {
    const { message, errors } = refusalOf(body);
    return { kind: 'refused', message: message ?? 'the service refused the request', errors };
  }
  return { kind: 'server', status };
}

/** The service's 400 body: `{ error, message, errors? }` (docs/api.md). */
function refusalOf(body: unknown): { message: string | undefined; errors: string[] } {
  if (typeof body !== 'object' || body === null) return { message: undefined, errors: [] };
  const { message, errors } = body as { message?: unknown; errors?: unknown };
  return {
    message: typeof message === 'string' ? message : undefined,
    errors: Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string') : [],
  };
}

function fail<T>(error: ApiError): ApiResult<T> {
  return { success: false, error };
}
