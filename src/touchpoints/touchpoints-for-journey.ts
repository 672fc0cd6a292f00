import type { Journey } from '@journey-stages/contract/journey';
import { coerceError } from '../coerce-error.ts';
import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { InvalidRowError, reportInvalidRow } from '../store/parse-row.ts';
import type { HubSpotApi } from '../sync/hubspot-api.ts';
import { placeTouchpoints } from './place-touchpoints.ts';
import { readTouchpoints } from './read-touchpoints.ts';
import { loadCachedTouchpoints, saveCachedTouchpoints, type CachedTouchpoints } from '../store/contact-touchpoints.ts';
import { TOUCHPOINT_TYPES } from './touchpoint-sources.ts';

/** The read time src/store/expire-touchpoints.ts gives a cache a webhook made stale. */
const EXPIRED_BY_EVENT = 0;

export type TouchpointFields = Pick<Journey, 'touchpoints' | 'touchpointsStatus'>;

export type TouchpointOptions = {
  /** How long a read stays fresh; an older one is served at once and read again behind it. */
  ttlMs?: number;
  /** How soon a read that failed for a passing reason (5xx, 429, timeout) is tried again. */
  retryMs?: number;
  /** The longest a card view waits for a first read before answering without touchpoints. */
  waitMs?: number;
};

export type TouchpointDeps = TouchpointOptions & {
  db: Db;
  api: HubSpotApi;
  log: Logger;
  now: () => Date;
  /** Counts cached rows that no longer parse (journey_invalid_rows_total). */
  metrics?: Pick<Metrics, 'invalidRows'> | undefined;
};

export const TOUCHPOINT_DEFAULTS = {
  ttlMs: 10 * 60_000,
  retryMs: 60_000,
  waitMs: 1_500,
} as const satisfies Required<TouchpointOptions>;

/**
 * Adds touchpoints to journeys without ever holding the card up for long: a cached read is
 * served at once (and refreshed behind the answer once older than the TTL); without one, a
 * read from HubSpot gets `waitMs`, and if it is not done by then the answer says
 * `unavailable` while the read goes on and fills the cache for the next view. One read per
 * contact at a time; HubSpot failing never fails the journey.
 */
export function createTouchpointsForJourney(deps: TouchpointDeps) {
  const { ttlMs, retryMs, waitMs } = { ...TOUCHPOINT_DEFAULTS, ...stripUndefined(deps) };
  const inFlight = new Map<string, Promise<CachedTouchpoints>>();

  function refresh(portalId: string, contactId: string): Promise<CachedTouchpoints> {
    const key = `${portalId}:${contactId}`;
    const running = inFlight.get(key);
    if (running) return running;
    const readAt = deps.now();
    const read = readTouchpoints(deps.api, portalId, contactId, deps.log)
      .then(async ({ items, failed, retrySoon }) => {
        const cached = { items, failed, retrySoon, readAt };
        await saveCachedTouchpoints(deps.db, portalId, contactId, cached);
        return cached;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, read);
    return read;
  }

  function inBackground(portalId: string, contactId: string): void {
    refresh(portalId, contactId).catch((err) =>
      deps.log.warn(
        { portalId, err: coerceError(err).message },
        'touchpoints: background read failed; the next card view tries again',
      ),
    );
  }

  return {
    async forJourney(journey: Journey): Promise<TouchpointFields> {
      const { portalId, contactId } = journey;
      try {
        const cached = await loadCachedTouchpoints(deps.db, portalId, contactId);
        // Expired by a webhook (an association came or went): the view waits for the new read
        // as for a first one, and falls back to what was cached only if it is late.
        if (cached !== null && cached.readAt.getTime() !== EXPIRED_BY_EVENT) {
          const age = deps.now().getTime() - cached.readAt.getTime();
          if (age >= (cached.retrySoon ? retryMs : ttlMs)) inBackground(portalId, contactId);
          return fields(journey, cached);
        }
        const fresh = await within(refresh(portalId, contactId), waitMs);
        if (fresh !== 'late') return fields(journey, fresh);
        inBackground(portalId, contactId); // the same read, now only logged
        return cached !== null ? fields(journey, cached) : { touchpointsStatus: 'unavailable' };
      } catch (err) {
        // Touchpoints never fail the journey: a cached row that no longer parses is reported, the view says
        // unavailable, and a fresh read replaces the row behind the answer (it is only a cache).
        if (err instanceof InvalidRowError) {
          reportInvalidRow(err, deps.log, deps.metrics?.invalidRows ?? { inc: () => {} });
          inBackground(portalId, contactId);
        }
        deps.log.warn({ portalId, err: coerceError(err).message }, 'touchpoints: not available for this view');
        return { touchpointsStatus: 'unavailable' };
      }
    },
  };
}

export type TouchpointsForJourney = ReturnType<typeof createTouchpointsForJourney>;

function fields(journey: Journey, cached: CachedTouchpoints): TouchpointFields {
  if (cached.failed.length >= TOUCHPOINT_TYPES.length) return { touchpointsStatus: 'unavailable' };
  return {
    touchpoints: placeTouchpoints(journey.timeline, cached.items),
    touchpointsStatus: cached.failed.length > 0 ? 'partial' : 'ok',
  };
}

/** The promise's value if it settles within `ms`, else 'late' (a rejection is thrown). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(resolve, ms, 'late');
    timer.unref();
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

function stripUndefined(options: TouchpointOptions): TouchpointOptions {
  return Object.fromEntries(
    Object.entries(options).filter(([key, value]) => value !== undefined && key in TOUCHPOINT_DEFAULTS),
  );
}
