import { useCallback, useEffect, useReducer, useState } from 'react';

import { FUNNEL_FETCH_TIMEOUT_MS } from '../config.ts';
import type { DayRange } from '../format/periodRange.ts';
import { fetchFunnel } from './fetchFunnel.ts';
import { funnelReducer, initialFunnelState, type FunnelState } from './funnelReducer.ts';

/**
 * Loads the portal's funnel for a range of days. A new range, a retry or unmounting makes
 * any answer still in flight stale, and stale answers are dropped, so a slow answer for
 * the old period can never overwrite the one the manager just asked for.
 */
export function useFunnel(
  baseUrl: string,
  portalId: number,
  range: DayRange,
  segment?: string,
): { state: FunnelState; retry: () => void } {
  const [state, dispatch] = useReducer(funnelReducer, initialFunnelState);
  const [attempt, setAttempt] = useState(0);
  const { from, to } = range;

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt re-runs the load when the manager retries
  useEffect(() => {
    let stale = false;
    dispatch({ type: 'requested' });
    void fetchFunnel({ baseUrl, range: { from, to }, timeoutMs: FUNNEL_FETCH_TIMEOUT_MS, segment }).then((result) => {
      if (!stale) dispatch({ type: 'settled', result });
    });
    return () => {
      stale = true;
    };
  }, [baseUrl, portalId, from, to, segment, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
