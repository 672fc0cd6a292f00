import type { ApiResult, SettingsError } from './settingsApi.ts';
import type { BackfillStatus, Settings } from '@journey-stages/contract/settings-schema';

export type SettingsState =
  | { status: 'loading' }
  | { status: 'ready'; settings: Settings }
  | { status: 'error'; error: SettingsError };

export type SettingsEvent =
  | { type: 'requested' }
  | { type: 'loaded'; result: ApiResult<Settings> }
  | { type: 'saved'; settings: Settings }
  | { type: 'backfill'; backfill: BackfillStatus };

export const initialSettingsState: SettingsState = { status: 'loading' };

/** A saved model replaces the whole view; a backfill poll replaces only the progress. */
export function settingsReducer(state: SettingsState, event: SettingsEvent): SettingsState {
  switch (event.type) {
    case 'requested':
      return { status: 'loading' };
    case 'loaded':
      return event.result.success
        ? { status: 'ready', settings: event.result.data }
        : { status: 'error', error: event.result.error };
    case 'saved':
      return { status: 'ready', settings: event.settings };
    case 'backfill':
      return state.status === 'ready'
        ? { status: 'ready', settings: { ...state.settings, backfill: event.backfill } }
        : state;
    default: {
      const unexpected: never = event;
      throw new Error(`[journey-settings] unknown event ${JSON.stringify(unexpected)}`);
    }
  }
}
