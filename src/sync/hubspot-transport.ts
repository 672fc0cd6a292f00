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
  async function room(portalId: string, endpoint: string): Promise<Date> {
    let waited = 0;
    for (;;) {
      const at = deps.now();
      const ms = await reserveCall(deps.db, portalId, at);
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

  async function send(
    client: Client,
    req: HubSpotRequest,
  ): Promise<{ status: number; text: string; headers: Headers } | 'timeout'> {
    // The timer is cancelled once HubSpot answers, so finished calls leave no timer behind.
    const cancel = new AbortController();
    const timer = sleep(timeoutMs, 'timeout' as const, { signal: cancel.signal }).catch(() => 'cancelled' as const);
    const response = client
      .apiRequest({ method: req.method, path: req.path, ...(req.body === undefined ? {} : { body: req.body }) })
      .then(async (res) => ({ status: res.status, text: await res.text(), headers: res.headers }));
    try {
      const first = await Promise.race([response, timer]);
      return first === 'cancelled' ? response : first;
    } finally {
      cancel.abort();
    }
  }

  return {
    async call(portalId, req) {
      let refreshed = false;
      let lastError = '';
      for (let attempt = 1; attempt <= maxTries; attempt++) {
        // Token and client first: the less time between reserving a call and HubSpot receiving it, the truer our count.
        const token = await deps.tokens.get(portalId);
        const client = new Client({ accessToken: token, basePath: deps.baseUrl, numberOfApiCallRetries: 0 });
        const reservedAt = await room(portalId, req.endpoint);
        let result: Awaited<ReturnType<typeof send>>;
        try {
          result = await send(client, req);
        } catch (err) {
          result = { status: 0, text: coerceError(err).message, headers: new Headers() };
        }
        // HubSpot counted the call when it arrived, somewhere between our reservation and its answer.
        await restampCall(deps.db, portalId, reservedAt, deps.now());
        const status = result === 'timeout' ? 0 : result.status;
        const limit = result === 'timeout' || status === 0 ? deps.rateLimit : await learn(portalId, result.headers);
        deps.metrics?.hubspotCalls.inc({
          endpoint: req.endpoint,
          status: result === 'timeout' ? 'timeout' : String(status),
        });
        if (result !== 'timeout' && status >= 200 && status < 300) {
          return { status, body: result.text === '' ? null : JSON.parse(result.text) };
        }
        const body = result === 'timeout' ? undefined : safeJson(result.text);
        if (status === 401 && !refreshed) {
          refreshed = true;
          attempt--; // a refresh is not a failed try
          await deps.tokens.refresh(portalId);
          continue;
        }
        if (status === 429) {
          const ms = retryAfterMs(result === 'timeout' ? undefined : result.headers, limit);
          await spendWindow(deps.db, portalId, limit.max, deps.now());
          deps.log.warn(
            { portalId, endpoint: req.endpoint, waitMs: ms },
            'HubSpot answered 429: waiting for the rate-limit window',
          );
          if (attempt === maxTries || ms > maxWaitMs)
            throw new HubSpotError(`HubSpot rate limit on ${req.endpoint}`, {
              status,
              retryable: true,
              retryAt: new Date(deps.now().getTime() + ms),
              body,
            });
          await wait(ms);
          continue;
        }
        if (result === 'timeout' || status === 0 || RETRY_STATUSES.has(status)) {
          lastError =
            result === 'timeout'
              ? `timed out after ${timeoutMs} ms`
              : status === 0
                ? `network error: ${result.text}`
                : `HTTP ${status}`;
          if (attempt < maxTries && !req.createsRecords) {
            await wait(Math.min(8_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2));
            continue;
          }
          throw new HubSpotError(
            `HubSpot ${req.endpoint} failed ${req.createsRecords ? 'once' : `${maxTries} times`}: ${lastError}`,
            {
              status,
              retryable: true,
              body,
            },
          );
        }
        throw new HubSpotError(`HubSpot ${req.endpoint} answered ${status}: ${describeBody(body)}`, {
          status,
          retryable: false,
          body,
        });
      }
      throw new HubSpotError(`HubSpot ${req.endpoint} failed: ${lastError}`, { status: 0, retryable: true });
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
