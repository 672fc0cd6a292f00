import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';

import { SETTINGS_FETCH_TIMEOUT_MS } from '../config.ts';
import { loadBackfill, loadSettings, saveSettings, type ApiResult, type SettingsApi } from './settingsApi.ts';
import { initialSettingsState, settingsReducer, type SettingsState } from './settingsReducer.ts';
import type { Settings, SettingsChange } from '@journey-stages/contract/settings-schema';

export interface UseSettings {
  state: SettingsState;
  save: (change: SettingsChange) => Promise<ApiResult<Settings>>;
  retry: () => void;
}

/**
 * The portal's settings; while a backfill runs, its progress is asked for every `pollMs`.
 * Unmounting, a retry or a newer answer makes answers still in flight stale, and stale
 * answers are dropped.
 */
export function useSettings(baseUrl: string, portalId: number, pollMs: number): UseSettings {
  const [state, dispatch] = useReducer(settingsReducer, initialSettingsState);
  const [attempt, setAttempt] = useState(0);
  const [failedPolls, setFailedPolls] = useState(0);
  const api: SettingsApi = useMemo(
    () => ({ baseUrl, portalId, timeoutMs: SETTINGS_FETCH_TIMEOUT_MS }),
    [baseUrl, portalId],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt re-runs the load when the admin retries
  useEffect(() => {
    let stale = false;
    dispatch({ type: 'requested' });
    void loadSettings(api).then((result) => {
      if (!stale) dispatch({ type: 'loaded', result });
    });
    return () => {
      stale = true;
    };
  }, [api, attempt]);

  const backfill = state.status === 'ready' ? state.settings.backfill : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each failed poll schedules the next poll
  useEffect(() => {
    if (backfill?.state !== 'running') return;
    let stale = false;
    const timer = setTimeout(() => {
      void loadBackfill(api).then((result) => {
        if (stale) return;
        // A failed poll must not end polling: the next round starts from the same status.
        if (result.success) dispatch({ type: 'backfill', backfill: result.data });
        else setFailedPolls((n) => n + 1);
      });
    }, pollMs);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [api, backfill, pollMs, failedPolls]);

  const save = useCallback(
    async (change: SettingsChange) => {
      const result = await saveSettings(api, change);
      if (result.success) dispatch({ type: 'saved', settings: result.data });
      return result;
    },
    [api],
  );
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, save, retry };
}
