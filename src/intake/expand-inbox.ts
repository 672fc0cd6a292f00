import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { Job, JobFailure } from '../queue/job.ts';
import { coerceError } from '../coerce-error.ts';
import { parseBatch, portalIdOf, type ParseBatchResult } from './parse-batch.ts';
import { isOwnWrite } from './hubspot-events.ts';
import { storeBatch } from './store-batch.ts';
import { expireTouchpoints } from '../store/expire-touchpoints.ts';
import { deleteInboxRow, inboxRow } from '../store/webhook-inbox.ts';

export type ExpandInboxDeps = {
  db: Db;
  appId: string | undefined;
  now: () => Date;
  log: Logger;
  metrics: Metrics;
  /** How long new work waits for more of its burst before a worker takes it. */
  debounceMs: number;
  /** Called once events were stored: the objects' jobs are due `debounceMs` later. */
  onStored?: (debounceMs: number) => void;
};

/** Another worker expanded the row first (a lease lost in a stall): this transaction must not commit twice. */
class AlreadyExpanded extends Error {}

/**
 * The task that turns a webhook request stored as received (inbox-writer.ts) into stored
 * events: parsed one by one (bad ones quarantined with the reason, our own writes' echoes
 * dropped), then stored with their objects' jobs (store-batch.ts) in the transaction that
 * deletes the inbox row, so a request is expanded exactly once, and a crash before the
 * commit leaves it whole for the next attempt.
 */
export function expandInboxHandler(deps: ExpandInboxDeps) {
  return async (jobs: Job[]): Promise<JobFailure[]> => {
    const failures: JobFailure[] = [];
    // One transaction per request: on PGlite, acknowledgements queue behind each one.
    for (const job of jobs) {
      try {
        await expandOne(deps, job.portalId, job.key);
      } catch (err) {
        if (!(err instanceof AlreadyExpanded)) failures.push({ job, error: coerceError(err).message });
      }
    }
    return failures;
  };
}

async function expandOne(deps: ExpandInboxDeps, portalId: string, id: string): Promise<void> {
  const { db, metrics, log } = deps;
  const row = await inboxRow(db, portalId, id);
  if (row === undefined) return; // expanded already
  const parsed =
    row.quarantineReason === null
      ? parseBatch(JSON.parse(row.events), { receivedAt: row.receivedAt })
      : quarantineAll(row.events, row.quarantineReason);
  if (!parsed.success) throw new Error(`webhook_inbox ${portalId}/${id}: ${parsed.error}`);
  // Our own writes echo back as propertyChange events: they need no read and no write.
  const events = parsed.events.filter((e) => !isOwnWrite(e, deps.appId));
  const result = await storeBatch(db, events, parsed.quarantined, deps.now(), {
    debounceMs: deps.debounceMs,
    receivedAt: row.receivedAt,
    finish: async (tx) => {
      if (!(await deleteInboxRow(tx, portalId, id))) throw new AlreadyExpanded();
      // A ticket, email, call or meeting came onto a contact or left it: the card reads them again.
      await expireTouchpoints(tx, parsed.touchpoints);
    },
  });
  const m = metrics.webhookEvents;
  m.inc({ outcome: 'stored' }, result.stored);
  m.inc({ outcome: 'duplicate' }, result.duplicates);
  m.inc({ outcome: 'quarantined' }, result.quarantined);
  m.inc({ outcome: 'ignored' }, parsed.ignored);
  m.inc({ outcome: 'touchpoints_expired' }, parsed.touchpoints.length);
  m.inc({ outcome: 'own_write' }, parsed.events.length - events.length);
  m.inc({ outcome: 'not_installed' }, result.notInstalled);
  if (result.notInstalled > 0)
    log.info(
      { notInstalled: result.notInstalled },
      'webhook events for a portal that is not installed were dropped: HubSpot stops once the app is uninstalled',
    );
  if (result.quarantined > 0)
    log.warn(
      { quarantined: result.quarantined, reason: parsed.quarantined[0]?.reason },
      'webhook events quarantined: they did not parse or could not be stored; see quarantined_events',
    );
  if (result.stored > 0) deps.onStored?.(deps.debounceMs);
}

/** A row stored with a reason (inbox-writer.ts): every event in it is quarantined with it, unparsed. */
function quarantineAll(events: string, reason: string): ParseBatchResult {
  const raws: unknown[] = JSON.parse(events);
  return {
    success: true,
    events: [],
    quarantined: raws.map((raw) => ({ raw, reason, portalId: portalIdOf(raw) })),
    ignored: 0,
    touchpoints: [],
  };
}
