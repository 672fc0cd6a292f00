import { useCallback, useEffect, useState } from 'react';

import { BACKFILL_POLL_MS } from '../config.ts';
import { loadSettings, saveSettings, type Settings, type SettingsChange } from './settingsApi.ts';

export type SettingsState =
  | { status: 'loading' }
  | { status: 'ready'; settings: Settings }
  | { status: 'error'; message: string };

/**
 * The portal's settings, refreshed every few seconds while a backfill runs, and a save that
 * returns the server's validation errors (each naming the stage and field) to show.
 */
export function useSettings(portalId: number) {
  const [state, setState] = useState<SettingsState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let stale = false;
    void loadSettings(portalId).then((r) => {
      if (!stale) setState(r.ok ? { status: 'ready', settings: r.data } : { status: 'error', message: r.message });
    });
    return () => {
      stale = true;
    };
  }, [portalId, attempt]);

  const running = state.status === 'ready' && state.settings.backfill?.state === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => setAttempt((n) => n + 1), BACKFILL_POLL_MS);
    return () => clearTimeout(timer);
  }, [running, state]);

  const save = useCallback(async (change: SettingsChange) => {
    const r = await saveSettings(portalId, change);
    if (r.ok) setState({ status: 'ready', settings: r.data });
    return r;
  }, [portalId]);

  return { state, save, retry: () => setAttempt((n) => n + 1) };
}
