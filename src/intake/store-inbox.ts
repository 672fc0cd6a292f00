import type { Queryable } from '../store/db.ts';
import { insertWithJobs } from '../queue/sql/insert-with-jobs.ts';
import { TASKS } from '../queue/tasks.ts';
import { portalIdOf } from './parse-batch.ts';

/**
 * Stores a webhook request's events as received, one inbox row per portal they name (''
 * for events naming none readably), each with a job to expand it, in one statement: once it
 * commits the request may be answered 2xx. Nothing is parsed here beyond the JSON: the
 * worker's expansion (expand-inbox.ts) parses, quarantines and stores the events, so the
 * answer costs one small insert whatever the batch holds. Returns the rows stored.
 */
export async function storeInbox(db: Queryable, events: readonly unknown[], receivedAt: Date): Promise<number> {
  if (events.length === 0) return 0;
  const byPortal = new Map<string, unknown[]>();
  for (const event of events) {
    const portalId = portalIdOf(event) ?? '';
    const group = byPortal.get(portalId);
    if (group) group.push(event);
    else byPortal.set(portalId, [event]);
  }
  // One statement: the rows and their jobs commit together, in one round trip.
  const groups = [...byPortal];
  const values = groups.map((_, i) => `($${2 * i + 1}, $${2 * i + 2}, $${2 * groups.length + 1}::timestamptz)`);
  const stored = await insertWithJobs(
    db,
    `insert into webhook_inbox (portal_id, events, received_at) values ${values.join(', ')} returning portal_id, id as key`,
    [...groups.flatMap(([portalId, group]) => [portalId, JSON.stringify(group)]), receivedAt.toISOString()],
    TASKS.webhookInbox,
    receivedAt,
  );
  return stored.length;
}
