import { NoContent, SnoozeAnswer } from '@journey-stages/contract/snooze-schema';
import { type ApiResult, type Fetcher, serviceUrl, signedFetch } from '@journey-stages/extension-kit/signed-fetch';

import { JOURNEY_FETCH_TIMEOUT_MS } from '../config.ts';

export interface SnoozeTarget {
  baseUrl: string;
  contactId: number | string;
  fetcher?: Fetcher | undefined;
}

// hubspot.fetch adds `portalId` (and the user) to the signed URL (docs/cards.md, "Signed requests").
const snoozeUrl = ({ baseUrl, contactId }: SnoozeTarget) =>
  serviceUrl(baseUrl, `/api/journey/contacts/${encodeURIComponent(String(contactId))}/snooze`);

/** `POST …/snooze {until, reason}`: the flag shows as snoozed until then (docs/cards.md, "Snooze"). */
export function snoozeFlag(target: SnoozeTarget, until: Date, reason: string): Promise<ApiResult<SnoozeAnswer>> {
  return signedFetch(snoozeUrl(target), SnoozeAnswer, {
    method: 'POST',
    body: { until: until.toISOString(), reason },
    timeoutMs: JOURNEY_FETCH_TIMEOUT_MS,
    fetcher: target.fetcher,
  });
}

/** `DELETE …/snooze`: the flag shows again. */
export function liftSnooze(target: SnoozeTarget): Promise<ApiResult<undefined>> {
  return signedFetch(snoozeUrl(target), NoContent, {
    method: 'DELETE',
    timeoutMs: JOURNEY_FETCH_TIMEOUT_MS,
    fetcher: target.fetcher,
  });
}
