import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@hubspot/api-client';
import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { coerceError } from '../coerce-error.ts';
import { HubSpotError } from './hubspot-error.ts';
import { learnLimit, reserveCall, restampCall, spendWindow, type RateLimit } from './rate-limit.ts';
import { readRateLimitHeaders } from './read-rate-limit-headers.ts';
import type { TokenProvider } from './token-provider.ts';

export type HubSpotRequest = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  /** Endpoint family for metrics and logs, e.g. 'contacts.batchRead'. */
  endpoint: string;
  /**
   * Not safe to send twice (a create): a try that may have reached HubSpot (a timeout, a
   * network error, a 5xx) is not repeated here; the error goes to the caller, which checks
   * what took effect before trying again. A 429 or 401 (refused before any effect) still is.
   */
  createsRecords?: boolean;
  /**
   * Background work (the reconciliation sweep): it may not use the share of the portal's budget
   * kept for webhook and card work (rate-limit.ts, BACKGROUND_RESERVE).
   */
  background?: boolean;
};

export type HubSpotResponse = { status: number; body: unknown };

export type TransportDeps = {
  baseUrl: string;
  tokens: TokenProvider;
  db: Db;
  log: Logger;
  metrics?: Metrics;
  now: () => Date;
  /** Assumed for a portal whose answers announce no limit; an announced one always wins. */
  rateLimit: RateLimit;
  timeoutMs?: number;
  /** Tries for 5xx and timeouts within one call, before the job's own retry takes over. */
  maxTries?: number;
  /** Longest in-call wait for rate-limit room; beyond it the job is rescheduled instead. */
  maxWaitMs?: number;
  wait?: (ms: number) => Promise<unknown>;
};

export type HubSpotTransport = { call(portalId: string, req: HubSpotRequest): Promise<HubSpotResponse> };

// 429 is the rate limit; 477, 502, 503, 504 and 521 also mean pause and retry (docs/hubspot.md, API limits).
const RETRY_STATUSES = new Set([500, 502, 503, 504, 477, 521]);

/** What came back from one try: HubSpot's answer, no answer in time, or no connection. */
export type TryOutcome =
  | { kind: 'answer'; status: number; text: string; headers: Headers }
  | { kind: 'timeout' }
  | { kind: 'network'; message: string };

/** What the transport does next with a try's outcome. */
export type Verdict =
  | { kind: 'done' }
  /** A 401 on the first token: refresh it and try again (a refresh is not a failed try). */
  | { kind: 'refresh' }
  /** A 429: wait for the window HubSpot names, then try again. */
  | { kind: 'rate-limited' }
  /** A timeout, a lost connection or a 5xx: back off and try again, unless the call creates records. */
  | { kind: 'transient'; reason: string }
  /** Anything else: HubSpot refused the request; trying again would not change the answer. */
  | { kind: 'refused' };

/** The transport's whole decision table, pure: `refreshed` is whether this call already refreshed its token. */
export function classify(outcome: TryOutcome, refreshed: boolean): Verdict {
  switch (outcome.kind) {
    case 'timeout':
      return { kind: 'transient', reason: 'timed out' };
    case 'network':
      return { kind: 'transient', reason: `network error: ${outcome.message}` };
    case 'answer': {
      const { status } = outcome;
      if (status >= 200 && status < 300) return { kind: 'done' };
      if (status === 401 && !refreshed) return { kind: 'refresh' };
      if (status === 429) return { kind: 'rate-limited' };
      if (RETRY_STATUSES.has(status)) return { kind: 'transient', reason: `HTTP ${status}` };
      return { kind: 'refused' };
    }
  }
}

/**
 * Every HubSpot call goes through here: the portal's shared rate budget, its token
 * (a 401 refreshes once), timeouts, and retries with backoff for 429, 5xx and
 * timeouts. @hubspot/api-client carries the request; its own process-global retry
 * and limiter stay off, because the budget must be shared by all our processes.
 */
export function createHubSpotTransport(deps: TransportDeps): HubSpotTransport {
  const wait = deps.wait ?? ((ms: number) => sleep(ms));
  const timeoutMs = deps.timeoutMs ?? 20_000;
  const maxTries = deps.maxTries ?? 4;
  const maxWaitMs = deps.maxWaitMs ?? 30_000;

  // The limit this process last stored per portal: the row is written only when it changes.
  const stored = new Map<string, string>();
  async function learn(portalId: string, headers: Headers): Promise<RateLimit> {
    const announced = readRateLimitHeaders(headers);
    const known = stored.get(portalId);
    if (announced === undefined && known !== undefined) return JSON.parse(known) as RateLimit;
    const limit = announced ?? deps.rateLimit;
    // Remaining counts change on every answer; only the limit itself is worth a write.
    const key = JSON.stringify({ max: limit.max, intervalMs: limit.intervalMs, dailyMax: announced?.dailyMax });
    if (key !== known) {
      await learnLimit(deps.db, portalId, limit, deps.now());
      stored.set(portalId, key);
      if (announced !== undefined && known !== undefined)
        deps.log.info(
          { portalId, max: limit.max, intervalMs: limit.intervalMs },
          'HubSpot announced a new rate limit for the portal',
        );
    }
    return limit;
  }

  /** Waits for budget and reserves one call; returns when it was reserved. */
  async function room(portalId: string, endpoint: string, background: boolean): Promise<Date> {
    let waited = 0;
    for (;;) {
      const at = deps.now();
      const ms = await reserveCall(deps.db, portalId, at, { background });
      if (ms === 0) return at;
      if (waited + ms > maxWaitMs)
        throw new HubSpotError(`rate budget of portal ${portalId} spent; ${endpoint} rescheduled`, {
          status: 429,
          retryable: true,
          retryAt: new Date(deps.now().getTime() + ms),
        });
      waited += ms;
      await wait(ms);
    }
  }

  async function send(client: Client, req: HubSpotRequest): Promise<TryOutcome> {
    // The timer is cancelled once HubSpot answers, so finished calls leave no timer behind.
    const cancel = new AbortController();
    const timer = sleep(timeoutMs, { kind: 'timeout' } as const, { signal: cancel.signal }).catch(
      () => 'cancelled' as const,
    );
    const response = client
      .apiRequest({ method: req.method, path: req.path, ...(req.body === undefined ? {} : { body: req.body }) })
      .then(
        async (res): Promise<TryOutcome> => ({
          kind: 'answer',
          status: res.status,
          text: await res.text(),
          headers: res.headers,
        }),
      );
    try {
      const first = await Promise.race([response, timer]);
      return first === 'cancelled' ? await response : first;
    } catch (err) {
      return { kind: 'network', message: coerceError(err).message };
    } finally {
      cancel.abort();
    }
  }

  /** One try: token, budget, the request, then what HubSpot's answer teaches about the limit. */
  async function tryOnce(portalId: string, req: HubSpotRequest): Promise<{ outcome: TryOutcome; limit: RateLimit }> {
    // Token and client first: the less time between reserving a call and HubSpot receiving it, the truer our count.
    const token = await deps.tokens.get(portalId);
    const client = new Client({ accessToken: token, basePath: deps.baseUrl, numberOfApiCallRetries: 0 });
    const reservedAt = await room(portalId, req.endpoint, req.background === true);
    const outcome = await send(client, req);
    // HubSpot counted the call when it arrived, somewhere between our reservation and its answer.
    await restampCall(deps.db, portalId, reservedAt, deps.now());
    deps.metrics?.hubspotCalls.inc({
      endpoint: req.endpoint,
      status: outcome.kind === 'answer' ? String(outcome.status) : outcome.kind === 'timeout' ? 'timeout' : '0',
    });
    const limit = outcome.kind === 'answer' ? await learn(portalId, outcome.headers) : deps.rateLimit;
    return { outcome, limit };
  }

  return {
    async call(portalId, req) {
      let refreshed = false;
      // Tries that failed (a refresh is not one): at maxTries the error goes to the caller.
      let tries = 0;
      for (;;) {
        const { outcome, limit } = await tryOnce(portalId, req);
        const status = outcome.kind === 'answer' ? outcome.status : 0;
        const verdict = classify(outcome, refreshed);
        if (verdict.kind === 'done')
          return { status, body: outcome.kind === 'answer' && outcome.text !== '' ? JSON.parse(outcome.text) : null };
        // A refusal's body, kept on the error for the caller (HubSpot's message, per-record context).
        const body = outcome.kind === 'answer' ? safeJson(outcome.text) : undefined;
        switch (verdict.kind) {
          case 'refresh':
            refreshed = true;
            await deps.tokens.refresh(portalId);
            continue;
          case 'rate-limited': {
            tries++;
            const ms = retryAfterMs(outcome.kind === 'answer' ? outcome.headers : undefined, limit);
            await spendWindow(deps.db, portalId, limit.max, deps.now());
            deps.log.warn(
              { portalId, endpoint: req.endpoint, waitMs: ms },
              'HubSpot answered 429: waiting for the rate-limit window',
            );
            if (tries === maxTries || ms > maxWaitMs)
              throw new HubSpotError(`HubSpot rate limit on ${req.endpoint}`, {
                status,
                retryable: true,
                retryAt: new Date(deps.now().getTime() + ms),
                body,
              });
            await wait(ms);
            continue;
          }
          case 'transient': {
            tries++;
            if (tries < maxTries && !req.createsRecords) {
              await wait(Math.min(8_000, 250 * 2 ** tries) * (0.5 + Math.random() / 2));
              continue;
            }
            const reason = outcome.kind === 'timeout' ? `timed out after ${timeoutMs} ms` : verdict.reason;
            throw new HubSpotError(
              `HubSpot ${req.endpoint} failed ${req.createsRecords ? 'once' : `${maxTries} times`}: ${reason}`,
              { status, retryable: true, body },
            );
          }
          case 'refused':
            throw new HubSpotError(`HubSpot ${req.endpoint} answered ${status}: ${describeBody(body)}`, {
              status,
              retryable: false,
              body,
            });
        }
      }
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 500);
  }
}

function describeBody(body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body) return String((body as { message: unknown }).message);
  return typeof body === 'string' ? body : (JSON.stringify(body)?.slice(0, 300) ?? '');
}

function retryAfterMs(headers: Headers | undefined, limit: RateLimit): number {
  const retryAfter = Number(headers?.get('retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000;
  const interval = Number(headers?.get('x-hubspot-ratelimit-interval-milliseconds'));
  return Number.isFinite(interval) && interval > 0 ? Math.min(interval, limit.intervalMs) : limit.intervalMs;
}
