import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import type { ModelPreview } from '@journey-stages/contract/model-preview-schema';
import type { SettingsChange } from '@journey-stages/contract/settings-schema';
import { SETTINGS_FETCH_TIMEOUT_MS } from '../config.ts';
import type { PreviewAnswer } from '@journey-stages/contract/model-preview-schema';
import { loadPreview, previewSettings, type ApiResult, type SettingsError } from './settingsApi.ts';

export type PreviewState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; preview: ModelPreview }
  | { status: 'error'; error: SettingsError };

export interface UsePreview {
  state: PreviewState;
  /** Previews the change; a large portal's preview is asked for again every `pollMs` until ready. */
  preview: (change: SettingsChange) => void;
  /** Forgets the preview (the draft changed): an answer still in flight is dropped. */
  reset: () => void;
}

/** The settings page's preview of a draft; only the latest request's answer is shown. */
export function usePreview(baseUrl: string, portalId: number, pollMs: number): UsePreview {
  const [state, setState] = useState<PreviewState>({ status: 'idle' });
  const latest = useRef(0);
  const api = useMemo(() => ({ baseUrl, portalId, timeoutMs: SETTINGS_FETCH_TIMEOUT_MS }), [baseUrl, portalId]);
  useEffect(
    () => () => {
      latest.current += 1;
    },
    [],
  );

  const preview = useCallback(
    (change: SettingsChange) => {
      const request = ++latest.current;
      setState({ status: 'loading' });
      const settle = (result: ApiResult<PreviewAnswer>): void => {
        if (request !== latest.current) return;
        if (!result.success) return setState({ status: 'error', error: result.error });
        if ('contacts' in result.data) return setState({ status: 'ready', preview: result.data });
        const { previewId } = result.data;
        setTimeout(() => void loadPreview(api, previewId).then(settle), pollMs);
      };
      void previewSettings(api, change).then(settle);
    },
    [api, pollMs],
  );
  const reset = useCallback(() => {
    latest.current += 1;
    setState({ status: 'idle' });
  }, []);
  return { state, preview, reset };
}
