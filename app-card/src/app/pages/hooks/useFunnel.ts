import { hubspot } from '@hubspot/ui-extensions';
import { useEffect, useState } from 'react';

import { API_BASE_URL, FETCH_TIMEOUT_MS } from '../config.ts';

export type FunnelStage = { stage: string; current: number; entered: number; conversionToNext: number | null; medianDaysInStage: number | null };
export type Funnel = {
  portalId: string;
  model: { id: string; label?: string; stages: Array<{ id: string; label: string }> };
  from: string;
  to: string;
  stages: FunnelStage[];
};
export type FunnelState = { status: 'loading' } | { status: 'ready'; funnel: Funnel } | { status: 'error'; message: string };

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The funnel of the last `days` days (to = tomorrow, so today counts); a newer period drops stale answers. */
export function useFunnel(portalId: number, days: number, now: () => Date) {
  const [state, setState] = useState<FunnelState>({ status: 'loading' });
  useEffect(() => {
    let stale = false;
    setState({ status: 'loading' });
    const to = isoDay(now().getTime() + DAY);
    const from = isoDay(now().getTime() + DAY - days * DAY);
    const url = `${API_BASE_URL}/api/journey/funnel?portalId=${portalId}&from=${from}&to=${to}`;
    void hubspot
      .fetch(url, { method: 'GET', timeout: FETCH_TIMEOUT_MS })
      .then(async (r) => {
        const body = (await r.json().catch(() => null)) as (Funnel & { message?: string }) | null;
        if (stale) return;
        if (r.ok && body?.stages) setState({ status: 'ready', funnel: body });
        else setState({ status: 'error', message: r.status === 401
          ? 'The service refused the request signature: ask whoever runs Journey Stages to check PUBLIC_BASE_URL and HUBSPOT_CLIENT_SECRET.'
          : body?.message ?? `The service answered ${r.status}. Try again in a moment.` });
      })
      .catch(() => {
        if (!stale) setState({ status: 'error', message: 'Journey Stages could not be reached. Check your connection and try again.' });
      });
    return () => {
      stale = true;
    };
  }, [portalId, days]);
  return state;
}
