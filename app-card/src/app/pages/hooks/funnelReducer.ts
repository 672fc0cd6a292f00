import type { Funnel } from '@journey-stages/contract/funnel-schema';
import type { FetchFunnelResult, FunnelFetchError } from './fetchFunnel.ts';

export type FunnelState =
  | { status: 'loading' }
  | { status: 'ready'; funnel: Funnel }
  | { status: 'empty'; funnel: Funnel }
  | { status: 'error'; error: FunnelFetchError };

export type FunnelEvent = { type: 'requested' } | { type: 'settled'; result: FetchFunnelResult };

export const initialFunnelState: FunnelState = { status: 'loading' };

/** A funnel where no contact is in any stage is "empty": nothing derived yet (the backfill may still run). */
export function funnelReducer(_state: FunnelState, event: FunnelEvent): FunnelState {
  switch (event.type) {
    case 'requested':
      return { status: 'loading' };
    case 'settled': {
      const { result } = event;
      if (!result.success) return { status: 'error', error: result.error };
      const funnel = result.data;
      return funnel.stages.every((stage) => stage.current === 0)
        ? { status: 'empty', funnel }
        : { status: 'ready', funnel };
    }
    default: {
      const unexpected: never = event;
      throw new Error(`[journey-pages] unknown event ${JSON.stringify(unexpected)}`);
    }
  }
}
