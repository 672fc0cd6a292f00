import { useCallback, useEffect, useReducer, useState } from 'react';

import type { ApiError, Fetcher } from '@journey-stages/extension-kit/signed-fetch';
import { JOURNEY_FETCH_TIMEOUT_MS } from '../config.ts';
import { fetchJourney } from './fetchJourney.ts';
import { initialJourneyState, journeyReducer, type JourneyState } from './journeyReducer.ts';
import { liftSnooze, snoozeFlag } from './snoozeApi.ts';

export interface JourneyTarget {
  /** The service, from the config profile's SERVICE_URL (@journey-stages/service-url). */
  baseUrl: string;
  contactId: number;
  /** Tests pass their own; in HubSpot it is hubspot.fetch. */
  fetcher?: Fetcher | undefined;
}

/**
 * Loads the journey of the contact on the record page. A new record, a retry or
 * unmounting makes any answer still in flight stale, and stale answers are dropped,
 * so a slow first answer can never overwrite a newer one. `snooze` and `lift` change the
 * health flag through the service and show the change at once.
 */
export function useJourney(target: JourneyTarget): {
  state: JourneyState;
  retry: () => void;
  snooze: (until: Date, reason: string) => Promise<ApiError | null>;
  lift: () => Promise<ApiError | null>;
} {
  const { baseUrl, contactId, fetcher } = target;
  const [state, dispatch] = useReducer(journeyReducer, initialJourneyState);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt re-runs the load when the rep retries
  useEffect(() => {
    let stale = false;
    dispatch({ type: 'requested' });
    void fetchJourney({ baseUrl, contactId, timeoutMs: JOURNEY_FETCH_TIMEOUT_MS }, fetcher).then((result) => {
      if (!stale) dispatch({ type: 'settled', result });
    });
    return () => {
      stale = true;
    };
  }, [baseUrl, contactId, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const snooze = useCallback(
    async (until: Date, reason: string) => {
      const result = await snoozeFlag({ baseUrl, contactId, fetcher }, until, reason);
      if (!result.success) return result.error;
      dispatch({ type: 'snooze-changed', snoozed: result.data.snoozed });
      return null;
    },
    [baseUrl, contactId, fetcher],
  );
  const lift = useCallback(async () => {
    const result = await liftSnooze({ baseUrl, contactId, fetcher });
    if (!result.success) return result.error;
    dispatch({ type: 'snooze-changed', snoozed: undefined });
    return null;
  }, [baseUrl, contactId, fetcher]);
  return { state, retry, snooze, lift };
}
