import { hubspot } from '@hubspot/ui-extensions';

import { API_BASE_URL, FETCH_TIMEOUT_MS } from '../config.ts';

export type StageRules = { id: string; label: string; holdsWhen: string[]; enteredAt: string[] };
export type Backfill = { state: 'running' | 'done'; done: number; total: number | null; contactsPerSecond: number; expectedEndAt: string | null };
export type Settings = {
  portalId: string;
  model: { id: string; label?: string; stages: StageRules[] };
  source: 'default' | 'preset' | 'custom';
  presets: Array<{ id: string; label?: string; stages: Array<{ id: string; label: string }> }>;
  backfill: Backfill | null;
};
export type SettingsChange = { modelId: string } | { customModel: unknown };
export type ApiResult<T> = { ok: true; data: T } | { ok: false; message: string; errors: string[] };

const url = (portalId: number) => `${API_BASE_URL}/api/settings?portalId=${portalId}`;

async function read<T>(response: Response): Promise<ApiResult<T>> {
  const body = (await response.json().catch(() => null)) as (T & { message?: string; errors?: string[] }) | null;
  if (response.ok && body) return { ok: true, data: body };
  if (response.status === 401) return { ok: false, message: 'The service refused the request signature: ask whoever runs Journey Stages to check PUBLIC_BASE_URL and HUBSPOT_CLIENT_SECRET.', errors: [] };
  return { ok: false, message: body?.message ?? `The service answered ${response.status}. Try again in a moment.`, errors: body?.errors ?? [] };
}

/** GET /api/settings through hubspot.fetch (v3-signed by HubSpot). */
export async function loadSettings(portalId: number): Promise<ApiResult<Settings>> {
  try {
    return await read<Settings>(await hubspot.fetch(url(portalId), { method: 'GET', timeout: FETCH_TIMEOUT_MS }));
  } catch {
    return { ok: false, message: 'Journey Stages could not be reached. Check your connection and try again.', errors: [] };
  }
}

/** PUT /api/settings: a preset id or a custom model; a refused model comes back with its errors. */
export async function saveSettings(portalId: number, change: SettingsChange): Promise<ApiResult<Settings>> {
  try {
    return await read<Settings>(await hubspot.fetch(url(portalId), { method: 'PUT', body: change, timeout: FETCH_TIMEOUT_MS }));
  } catch {
    return { ok: false, message: 'Journey Stages could not be reached. Nothing was changed; try again.', errors: [] };
  }
}
