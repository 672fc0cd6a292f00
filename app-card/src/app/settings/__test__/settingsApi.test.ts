import { describe, expect, it, vi } from 'vitest';

import { loadBackfill, saveSettings, type SettingsApi } from '../hooks/settingsApi.ts';
import { classicSettings, jsonResponse } from './fixtures.ts';

const api = (respond: () => Promise<Response>): SettingsApi & { fetcher: ReturnType<typeof vi.fn> } => ({
  baseUrl: 'https://svc.example',
  portalId: 62515,
  timeoutMs: 10_000,
  fetcher: vi.fn(respond),
});

describe('settingsApi', () => {
  it('saveSettings PUTs the change for the portal and returns the new view', async () => {
    const a = api(async () => jsonResponse(classicSettings));
    expect(await saveSettings(a, { modelId: 'classic-5' })).toEqual({ success: true, data: classicSettings });
    expect(a.fetcher).toHaveBeenCalledWith('https://svc.example/api/settings', {
      method: 'PUT',
      body: { modelId: 'classic-5' },
      timeout: 10_000,
    });
  });

  it("saveSettings(400 invalid_model) returns the service's errors", async () => {
    const errors = ['stages[1] "b".id: duplicate of stages[0]'];
    const a = api(async () =>
      jsonResponse({ error: 'invalid_model', message: 'the stage model is not valid', errors }, 400),
    );
    expect(await saveSettings(a, { customModel: {} })).toEqual({
      success: false,
      error: { kind: 'refused', message: 'the stage model is not valid', errors },
    });
  });

  it('saveSettings(400 unknown_model) returns the message with no error list', async () => {
    const a = api(async () => jsonResponse({ error: 'unknown_model', message: 'no preset "x"' }, 400));
    expect(await saveSettings(a, { modelId: 'x' })).toEqual({
      success: false,
      error: { kind: 'refused', message: 'no preset "x"', errors: [] },
    });
  });

  it.each([
    [401, { kind: 'unauthorized', status: 401 }],
    [404, { kind: 'not-found' }],
    [429, { kind: 'rate-limited' }],
    [500, { kind: 'server', status: 500 }],
  ])('loadBackfill(HTTP %i) returns the failure as a value', async (status, error) => {
    expect(await loadBackfill(api(async () => jsonResponse({ error: 'x', message: 'y' }, status)))).toEqual({
      success: false,
      error,
    });
  });

  it('loadBackfill(answer missing fields) names them', async () => {
    const result = await loadBackfill(api(async () => jsonResponse({ state: 'running' })));
    expect(result.success).toBe(false);
    expect(!result.success && result.error).toMatchObject({
      kind: 'invalid-response',
      detail: expect.stringMatching(/done/),
    });
  });

  it('loadBackfill(connection fails) returns a network failure', async () => {
    const result = await loadBackfill(api(async () => Promise.reject(new Error('timeout'))));
    expect(result).toEqual({ success: false, error: { kind: 'network', message: 'timeout' } });
  });
});
