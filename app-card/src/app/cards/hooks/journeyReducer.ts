import type { Journey, StageHealth } from '@journey-stages/contract/journey';
import type { ApiError } from '@journey-stages/extension-kit/signed-fetch';
import type { FetchJourneyResult } from './fetchJourney.ts';

export type JourneyState =
  | { status: 'loading' }
  | { status: 'ready'; journey: Journey }
  | { status: 'empty'; journey: Journey }
  | { status: 'error'; error: ApiError };

export type JourneyEvent =
  | { type: 'requested' }
  | { type: 'settled'; result: FetchJourneyResult }
  /** The service stored or lifted a snooze: the flag shows it at once, without reloading the journey. */
  | { type: 'snooze-changed'; snoozed: StageHealth['snoozed'] };

export const initialJourneyState: JourneyState = { status: 'loading' };

/** A journey with no timeline entries is "empty": the contact has nothing recorded yet. */
export function journeyReducer(state: JourneyState, event: JourneyEvent): JourneyState {
  switch (event.type) {
    case 'requested':
      return { status: 'loading' };
    case 'settled': {
      const { result } = event;
      if (!result.success) return { status: 'error', error: result.error };
      const journey = result.data;
      return journey.timeline.length === 0 ? { status: 'empty', journey } : { status: 'ready', journey };
    }
    case 'snooze-changed': {
      if (state.status !== 'ready' || !state.journey.health) return state;
      const { snoozed: _old, ...health } = state.journey.health;
      const next = event.snoozed ? { ...health, snoozed: event.snoozed } : health;
      return { status: 'ready', journey: { ...state.journey, health: next } };
    }
    default: {
      const unexpected: never = event;
      throw new Error(`[journey-card] unknown event ${JSON.stringify(unexpected)}`);
    }
  }
}
