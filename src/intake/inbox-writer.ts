import type { Queryable } from '../store/db.ts';
import { inboxRowsInsert, type NewInboxRow } from '../store/webhook-inbox.ts';
import { insertWithJobs } from '../queue/sql/insert-with-jobs.ts';
import { TASKS } from '../queue/tasks.ts';
import { portalIdOf } from './parse-batch.ts';
import { nestsDeeperThan } from './nesting-depth.ts';
import { MAX_STORED_DEPTH, toStorableJson } from './storable-json.ts';

/**
 * One inbox row to be: the events of one request that name one portal, as JSON; or events
 * quarantined whole, with the reason (those of the portals past MAX_PORTALS_PER_REQUEST, and
 * events nested too deep to be written out as JSON at all).
 */
type InboxRow = NewInboxRow;

/**
 * Portals one request may name. HubSpot sends at most 100 events per request, so a real one
 * names at most 100; more is a forged or broken request, whose excess is not taken apart per
 * portal (a row each) but quarantined as a whole.
 */
export const MAX_PORTALS_PER_REQUEST = 100;

/** Requests whose rows go in one statement at most (about 2.5 MB of events at HubSpot's 100 per request). */
const MAX_REQUESTS_PER_STATEMENT = 100;

/**
 * Stores webhook requests' events as received, one inbox row per portal they name (''
 * for events naming none readably), each with a job to expand it. Nothing is parsed here
 * beyond the JSON: the worker's expansion (expand-inbox.ts) parses, quarantines and stores
 * the events, so an answer costs one small insert whatever the batch holds.
 *
 * Requests that arrive while a statement is in flight share the next one (group commit): one
 * statement, one commit and one flush to disk for all of them, instead of one each; HubSpot
 * sends up to ten at once. Each caller's promise settles when the statement that holds its
 * rows commits (then it may answer 2xx) or fails (then nothing of the group is stored).
 *
 * @example
 * const store = inboxWriter(db);
 * await store(events, new Date()); // stored: answer 204
 */
export function inboxWriter(db: Queryable): (events: readonly unknown[], receivedAt: Date) => Promise<number> {
  let waiting: Array<{ rows: InboxRow[]; settle: (error: unknown) => void }> = [];
  let writing = false;

  async function writeWaiting(): Promise<void> {
    writing = true;
    while (waiting.length > 0) {
      const group = waiting.slice(0, MAX_REQUESTS_PER_STATEMENT);
      waiting = waiting.slice(group.length);
      try {
        await insertRows(
          db,
          group.flatMap((request) => request.rows),
        );
        for (const request of group) request.settle(undefined);
      } catch (err) {
        for (const request of group) request.settle(err ?? new Error('inbox insert failed'));
      }
    }
    writing = false;
  }

  return (events, receivedAt) => {
    const rows = rowsOf(events, receivedAt);
    if (rows.length === 0) return Promise.resolve(0);
    return new Promise<number>((resolve, reject) => {
      waiting.push({ rows, settle: (error) => (error === undefined ? resolve(rows.length) : reject(error)) });
      if (!writing) void writeWaiting();
    });
  };
}

function rowsOf(events: readonly unknown[], receivedAt: Date): InboxRow[] {
  const byPortal = new Map<string, unknown[]>();
  const tooDeep: unknown[] = [];
  for (const event of events) {
    if (nestsDeeperThan(event, MAX_STORED_DEPTH)) {
      tooDeep.push(event);
      continue;
    }
    const portalId = portalIdOf(event) ?? '';
    const group = byPortal.get(portalId);
    if (group) group.push(event);
    else byPortal.set(portalId, [event]);
  }
  const groups = [...byPortal];
  const rows: InboxRow[] = groups
    .slice(0, MAX_PORTALS_PER_REQUEST)
    .map(([portalId, group]) => ({ portalId, events: JSON.stringify(group), receivedAt, quarantineReason: null }));
  const excess = groups.slice(MAX_PORTALS_PER_REQUEST);
  if (excess.length > 0)
    rows.push({
      portalId: '',
      events: JSON.stringify(excess.flatMap(([, group]) => group)),
      receivedAt,
      quarantineReason: `the request names ${groups.length} portals; at most ${MAX_PORTALS_PER_REQUEST} are taken per request`,
    });
  // JSON.stringify overflows the stack on thousands of levels (a 500 HubSpot would retry, then
  // drop with every good event beside it): these are kept cut at the depth jsonb is given.
  if (tooDeep.length > 0)
    rows.push({
      portalId: '',
      events: JSON.stringify(tooDeep.map((event) => toStorableJson(event))),
      receivedAt,
      quarantineReason: `the event nests more than ${MAX_STORED_DEPTH} levels deep (HubSpot's events are flat); kept cut at that depth`,
    });
  return rows;
}

/** One statement: the rows and their jobs (due now) commit together, in one round trip. */
async function insertRows(db: Queryable, rows: InboxRow[]): Promise<void> {
  const insert = inboxRowsInsert(rows);
  await insertWithJobs(
    db,
    insert.sql,
    insert.params,
    TASKS.webhookInbox,
    new Date(Math.min(...rows.map((row) => row.receivedAt.getTime()))),
  );
}
