import { PreviewAnswer } from '@journey-stages/contract/model-preview-schema';
import { BackfillStatus, Settings, type SettingsChange } from '@journey-stages/contract/settings-schema';
import {
  type ApiError,
  type ApiResult,
  type Fetcher,
  type HttpMethod,
  type JsonBody,
  serviceUrl,
  signedFetch,
} from '@journey-stages/extension-kit/signed-fetch';
import type { z } from 'zod';

export type { ApiResult, Fetcher } from '@journey-stages/extension-kit/signed-fetch';
/** Why a request failed; the page turns each kind into advice or a list of model errors. */
export type SettingsError = ApiError;

export interface SettingsApi {
  baseUrl: string;
  /** The portal the page is open in: hubspot.fetch adds it to each request, the hooks reload when it changes. */
  portalId: number | string;
  timeoutMs: number;
  fetcher?: Fetcher;
}

/** GET /api/settings: the active model with its rules in words, the presets, the backfill. */
export function loadSettings(api: SettingsApi): Promise<ApiResult<Settings>> {
  return call(api, '/api/settings', 'GET', Settings);
}

/** PUT /api/settings: a preset id or a custom model; a refused model comes back with its errors. */
export function saveSettings(api: SettingsApi, change: SettingsChange): Promise<ApiResult<Settings>> {
  return call(api, '/api/settings', 'PUT', Settings, change);
}

/** GET /api/backfill: the progress of the portal's backfill (404 before the first one). */
export function loadBackfill(api: SettingsApi): Promise<ApiResult<BackfillStatus>> {
  return call(api, '/api/backfill', 'GET', BackfillStatus);
}

/** POST /api/settings/preview: what saving this change would do; nothing is saved. */
export function previewSettings(api: SettingsApi, change: SettingsChange): Promise<ApiResult<PreviewAnswer>> {
  return call(api, '/api/settings/preview', 'POST', PreviewAnswer, change);
}

/** GET /api/settings/preview/:id: a large portal's preview, still running or ready. */
export function loadPreview(api: SettingsApi, previewId: string): Promise<ApiResult<PreviewAnswer>> {
  return call(api, `/api/settings/preview/${encodeURIComponent(previewId)}`, 'GET', PreviewAnswer);
}

/** hubspot.fetch signs the request (v3) and serialises `body` as JSON. Never throws. */
function call<T>(
  api: SettingsApi,
  path: string,
  method: HttpMethod,
  schema: z.ZodType<T>,
  body?: JsonBody,
): Promise<ApiResult<T>> {
  // hubspot.fetch adds `portalId` to the URL it signs (docs/cards.md, "Signed requests").
  const url = serviceUrl(api.baseUrl, path);
  return signedFetch(url, schema, {
    method,
    timeoutMs: api.timeoutMs,
    fetcher: api.fetcher,
    ...(body ? { body } : {}),
  });
}
