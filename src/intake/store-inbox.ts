import type { Queryable } from '../store/db.ts';
import { insertWithJobs } from '../queue/sql/insert-with-jobs.ts';
import { TASKS } from '../queue/tasks.ts';
import { portalIdOf } from './parse-batch.ts';

/** One inbox row to be: the events of one request that name one portal, as JSON. */
type InboxRow = { portalId: string; events: string; receivedAt: Date };

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
  for (const event of events) {
    const portalId = portalIdOf(event) ?? '';
    const group = byPortal.get(portalId);
    if (group) group.push(event);
    else byPortal.set(portalId, [event]);
  }
  return [...byPortal].map(([portalId, group]) => ({ portalId, events: JSON.stringify(group), receivedAt }));
}

/** One statement: the rows and their jobs (due now) commit together, in one round trip. */
async function insertRows(db: Queryable, rows: InboxRow[]): Promise<void> {
  const values = rows.map((_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3}::timestamptz)`);
  await insertWithJobs(
    db,
    `insert into webhook_inbox (portal_id, events, received_at) values ${values.join(', ')} returning portal_id, id as key`,
    rows.flatMap((row) => [row.portalId, row.events, row.receivedAt.toISOString()]),
    TASKS.webhookInbox,
    new Date(Math.min(...rows.map((row) => row.receivedAt.getTime()))),
  );
}
