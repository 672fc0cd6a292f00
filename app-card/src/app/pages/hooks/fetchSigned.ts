import { hubspot } from '@hubspot/ui-extensions';
import type { z } from 'zod';

/** Why an answer could not be shown; the error state turns each kind into advice. */
export type ApiFetchError =
  | { kind: 'unauthorized'; status: number }
  | { kind: 'bad-period'; message: string }
  | { kind: 'rate-limited' }
  | { kind: 'server'; status: number }
  | { kind: 'network'; message: string }
  | { kind: 'invalid-response'; detail: string };

export type FetchResult<T> = { success: true; data: T } | { success: false; error: ApiFetchError };

export type Fetcher = (url: string, options: { method: 'GET'; timeout: number }) => Promise<Response>;

/**
 * GET through hubspot.fetch, which signs the request (v3), and parse the answer with the
 * shared schema. Never throws: every failure a manager can meet comes back as a value.
 */
export async function fetchSigned<T>(
  url: string,
  schema: z.ZodType<T>,
  timeoutMs: number,
  fetcher: Fetcher = (u, options) => hubspot.fetch(u, options),
): Promise<FetchResult<T>> {
  let response: Response;
  try {
    response = await fetcher(url, { method: 'GET', timeout: timeoutMs });
  } catch (err) {
    return fail({ kind: 'network', message: err instanceof Error ? err.message : String(err) });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) return fail(errorForStatus(response.status, body));
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
    return fail({ kind: 'invalid-response', detail: `unexpected fields: ${paths.join(', ')}` });
  }
  return { success: true, data: parsed.data };
}

function errorForStatus(status: number, body: unknown): ApiFetchError {
  if (status === 401 || status === 403) return { kind: 'unauthorized', status };
  if (status === 400) return { kind: 'bad-period', message: messageOf(body) ?? 'the service refused the period' };
  if (status === 429) return { kind: 'rate-limited' };
  return { kind: 'server', status };
}

function messageOf(body: unknown): string | undefined {
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : undefined;
}

function fail<T>(error: ApiFetchError): FetchResult<T> {
  return { success: false, error };
}
