import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';

import { FUNNEL_FETCH_TIMEOUT_MS } from '../config.ts';
import { type ApiError, signedFetch } from '@journey-stages/extension-kit/signed-fetch';

export type SignedGetState<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: ApiError };

/**
 * One signed GET whose answer belongs to the URL asked for: a new URL, a retry or
 * unmounting makes an answer still in flight stale, and stale answers are dropped.
 */
export function useSignedGet<T>(url: string, schema: z.ZodType<T>): { state: SignedGetState<T>; retry: () => void } {
  const [state, setState] = useState<SignedGetState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt re-runs the load when the manager retries
  useEffect(() => {
    let stale = false;
    setState({ status: 'loading' });
    void signedFetch(url, schema, { timeoutMs: FUNNEL_FETCH_TIMEOUT_MS }).then((result) => {
      if (stale) return;
      setState(result.success ? { status: 'ready', data: result.data } : { status: 'error', error: result.error });
    });
    return () => {
      stale = true;
    };
  }, [url, schema, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
