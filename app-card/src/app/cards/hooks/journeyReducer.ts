import type { Journey } from '@journey-stages/contract/journey';
import type { FetchJourneyResult, JourneyFetchError } from './fetchJourney.ts';

export type JourneyState =
  | { status: 'loading' }
  | { status: 'ready'; journey: Journey }
  | { status: 'empty'; journey: Journey }
  | { status: 'error'; error: JourneyFetchError };

export type JourneyEvent = { type: 'requested' } | { type: 'settled'; result: FetchJourneyResult };

export const initialJourneyState: JourneyState = { status: 'loading' };

/** A journey with no timeline entries is "empty": the contact has nothing recorded yet. */
export function journeyReducer(_state: JourneyState, event: JourneyEvent): JourneyState {
  switch (event.type) {
    case 'requested':
      return { status: 'loading' };
    case 'settled': {
      const { result } = event;
      if (!result.success) return { status: 'error', error: result.error };
      const journey = result.data;
      return journey.timeline.length === 0 ? { status: 'empty', journey } : { status: 'ready', journey };
    }
    default: {
      const unexpected: never = event;
      throw new Error(`[journey-card] unknown event ${JSON.stringify(unexpected)}`);
    }
  }
}
