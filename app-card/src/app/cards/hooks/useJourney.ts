import { useCallback, useEffect, useReducer, useState } from 'react';

import { JOURNEY_FETCH_TIMEOUT_MS } from '../config.ts';
import { fetchJourney } from './fetchJourney.ts';
import { initialJourneyState, journeyReducer, type JourneyState } from './journeyReducer.ts';

export interface JourneyTarget {
  /** The service, from the config profile's SERVICE_URL (@journey-stages/service-url). */
  baseUrl: string;
  portalId: number;
  contactId: number;
}

/**
 * Loads the journey of the contact on the record page. A new record, a retry or
 * unmounting makes any answer still in flight stale, and stale answers are dropped,
 * so a slow first answer can never overwrite a newer one.
 */
export function useJourney({ baseUrl, portalId, contactId }: JourneyTarget): {
  state: JourneyState;
  retry: () => void;
} {
  const [state, dispatch] = useReducer(journeyReducer, initialJourneyState);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt re-runs the load when the rep retries
  useEffect(() => {
    let stale = false;
    dispatch({ type: 'requested' });
    void fetchJourney({
      baseUrl,
      portalId,
      contactId,
      timeoutMs: JOURNEY_FETCH_TIMEOUT_MS,
    }).then((result) => {
      if (!stale) dispatch({ type: 'settled', result });
    });
    return () => {
      stale = true;
    };
  }, [baseUrl, portalId, contactId, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
