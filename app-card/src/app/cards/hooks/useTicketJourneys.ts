import { useCallback, useEffect, useReducer, useState } from 'react';

import { TicketJourneys } from '@journey-stages/contract/ticket-journeys-schema';
import { type LoadEvent, type LoadState, loadReducer } from '@journey-stages/extension-kit/load-reducer';
import { type Fetcher, serviceUrl, signedFetch } from '@journey-stages/extension-kit/signed-fetch';
import { JOURNEY_FETCH_TIMEOUT_MS } from '../config.ts';

export interface TicketTarget {
  baseUrl: string;
  ticketId: number;
  fetcher?: Fetcher | undefined;
}

/** `GET /api/journey/tickets/:ticketId`; hubspot.fetch adds `portalId` (docs/cards.md, "Signed requests"). */
export function ticketJourneysUrl({ baseUrl, ticketId }: Pick<TicketTarget, 'baseUrl' | 'ticketId'>): string {
  return serviceUrl(baseUrl, `/api/journey/tickets/${encodeURIComponent(String(ticketId))}`);
}

/** Loads the journeys of the ticket's contacts; a new ticket, a retry or unmounting drops stale answers. */
export function useTicketJourneys(target: TicketTarget): { state: LoadState<TicketJourneys>; retry: () => void } {
  const { baseUrl, ticketId, fetcher } = target;
  const [state, dispatch] = useReducer(
    (s: LoadState<TicketJourneys>, e: LoadEvent<TicketJourneys>) => loadReducer(s, e),
    { status: 'loading' } as LoadState<TicketJourneys>,
  );
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt re-runs the load when the rep retries
  useEffect(() => {
    let stale = false;
    dispatch({ type: 'requested' });
    void signedFetch(ticketJourneysUrl({ baseUrl, ticketId }), TicketJourneys, {
      timeoutMs: JOURNEY_FETCH_TIMEOUT_MS,
      fetcher,
    }).then((result) => {
      if (!stale) dispatch({ type: 'settled', result });
    });
    return () => {
      stale = true;
    };
  }, [baseUrl, ticketId, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
