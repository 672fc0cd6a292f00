import { hubspot } from '@hubspot/ui-extensions';

import { BackfillStatus, Refusal, Settings, type SettingsChange } from '@journey-stages/contract/settings-schema';
import { PreviewAnswer } from '@journey-stages/contract/model-preview-schema';
import type { z } from 'zod';

/** Why a request failed; the page turns each kind into advice or a list of model errors. */
export type SettingsError =
  | { kind: 'unauthorized'; status: number }
  | { kind: 'refused'; message: string; errors: string[] }
  | { kind: 'not-found' }
  | { kind: 'rate-limited' }
  | { kind: 'server'; status: number }
  | { kind: 'network'; message: string }
  | { kind: 'invalid-response'; detail: string };

export type ApiResult<T> = { success: true; data: T } | { success: false; error: SettingsError };

type JsonBody = { [key: string]: unknown };
export type Fetcher = (
  url: string,
  options: { method: 'GET' | 'PUT' | 'POST'; timeout: number; body?: JsonBody },
) => Promise<Response>;

export interface SettingsApi {
  baseUrl: string;
  portalId: number | string;
  timeoutMs: number;
  fetcher?: Fetcher;
}

const portalQuery = (portalId: number | string) => `portalId=${encodeURIComponent(String(portalId))}`;

/** GET /api/settings: the active model with its rules in words, the presets, the backfill. */
export function loadSettings(api: SettingsApi): Promise<ApiResult<Settings>> {
  return call(api, `/api/settings?${portalQuery(api.portalId)}`, { method: 'GET' }, Settings);
}

/** PUT /api/settings: a preset id or a custom model; a refused model comes back with its errors. */
export function saveSettings(api: SettingsApi, change: SettingsChange): Promise<ApiResult<Settings>> {
  return call(api, `/api/settings?${portalQuery(api.portalId)}`, { method: 'PUT', body: change }, Settings);
}

/** GET /api/backfill: the progress of the portal's backfill (404 before the first one). */
export function loadBackfill(api: SettingsApi): Promise<ApiResult<BackfillStatus>> {
  return call(api, `/api/backfill?${portalQuery(api.portalId)}`, { method: 'GET' }, BackfillStatus);
}

/** POST /api/settings/preview: what saving this change would do; nothing is saved. */
export function previewSettings(api: SettingsApi, change: SettingsChange): Promise<ApiResult<PreviewAnswer>> {
  return call(
    api,
    `/api/settings/preview?${portalQuery(api.portalId)}`,
    { method: 'POST', body: change },
    PreviewAnswer,
  );
}

/** GET /api/settings/preview/:id: a large portal's preview, still running or ready. */
export function loadPreview(api: SettingsApi, previewId: string): Promise<ApiResult<PreviewAnswer>> {
  const path = `/api/settings/preview/${encodeURIComponent(previewId)}?${portalQuery(api.portalId)}`;
  return call(api, path, { method: 'GET' }, PreviewAnswer);
}

/** hubspot.fetch signs the request (v3) and serialises `body` as JSON. Never throws. */
async function call<T>(
  api: SettingsApi,
  path: string,
  init: { method: 'GET' | 'PUT' | 'POST'; body?: JsonBody },
  schema: z.ZodType<T>,
): Promise<ApiResult<T>> {
  const fetcher: Fetcher = api.fetcher ?? ((url, options) => hubspot.fetch(url, options));
  let response: Response;
  try {
    response = await fetcher(`${api.baseUrl}${path}`, { ...init, timeout: api.timeoutMs });
  } catch (err) {
    return { success: false, error: { kind: 'network', message: err instanceof Error ? err.message : String(err) } };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) return { success: false, error: errorFor(response.status, body) };
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
    return { success: false, error: { kind: 'invalid-response', detail: `unexpected fields: ${paths.join(', ')}` } };
  }
  return { success: true, data: parsed.data };
}

function errorFor(status: number, body: unknown): SettingsError {
  if (status === 401 || status === 403) return { kind: 'unauthorized', status };
  if (status === 404) return { kind: 'not-found' };
  if (status === 429) return { kind: 'rate-limited' };
  const refusal = Refusal.safeParse(body);
  if (status === 400 && refusal.success)
    return { kind: 'refused', message: refusal.data.message, errors: refusal.data.errors ?? [] };
  return { kind: 'server', status };
}
