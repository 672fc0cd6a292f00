import type { ApiError, ApiResult } from './signed-fetch.ts';

/** One load from the service: loading, its data, or why not. */
export type LoadState<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; error: ApiError };

export type LoadEvent<T> = { type: 'requested' } | { type: 'settled'; result: ApiResult<T> };

export function loadReducer<T>(_state: LoadState<T>, event: LoadEvent<T>): LoadState<T> {
  switch (event.type) {
    case 'requested':
      return { status: 'loading' };
    case 'settled':
      return event.result.success
        ? { status: 'ready', data: event.result.data }
        : { status: 'error', error: event.result.error };
    default: {
      const unexpected: never = event;
      throw new Error(`[extension-kit] unknown event ${JSON.stringify(unexpected)}`);
    }
  }
}
