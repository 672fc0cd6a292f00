import type { Db } from '../store/db.ts';
import { loadTimelines } from '../store/timeline-store.ts';
import { eraseContact, markContactDeleted, replaceWithMerged } from '../store/contact-lifecycle.ts';
import { mergeTimelines } from '../engine/merge-timelines.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';
import type { PendingEvent } from '../store/pending-events.ts';
import { dropPendingJobs } from '../queue/sql/drop-pending-jobs.ts';
import { CONTACT_TASKS } from '../queue/tasks.ts';

export type LifecycleOutcome = {
  /** Contacts to derive again (restored, merge survivors). */
  derive: Set<string>;
  /** Contacts never to read or write again in this run (erased, deleted, merged away). */
  skip: Set<string>;
};

/**
 * Applies what is not a plain "something changed": privacy deletions erase every trace
 * (history, evidence, events, quarantined events, links, jobs) and leave a tombstone so nothing is ever
 * written for the contact again; deletions stop writes until a restore; merges move the
 * history of the old ids to the new record as one journey (HubSpot makes a new id; the old
 * ones resolve to it; `model` is the portal's, whose stages the merged history is read in).
 * Applied in event order, in one transaction, so a retry after a crash does the same thing.
 */
export async function applyContactLifecycle(
  db: Db,
  portalId: string,
  events: PendingEvent[],
  now: Date,
  model: StageModel,
): Promise<LifecycleOutcome> {
  const derive = new Set<string>();
  const skip = new Set<string>();
  // The switch below ignores every other kind: the filter and the early return only spare an empty transaction.
  // Stryker disable next-line MethodExpression,ConditionalExpression: equivalent (see above)
  const special = events.filter(
    (e) => e.kind === 'privacyDeletion' || e.kind === 'deletion' || e.kind === 'restore' || e.kind === 'merge',
  );
  // Stryker disable next-line ConditionalExpression: equivalent (see above)
  if (special.length === 0) return { derive, skip };
  await db.transaction(async (tx) => {
    for (const e of special) {
      switch (e.kind) {
        case 'privacyDeletion':
          await eraseContact(tx, portalId, e.objectId, now);
          await dropPendingJobs(tx, portalId, e.objectId, CONTACT_TASKS);
          skip.add(e.objectId);
          derive.delete(e.objectId);
          break;
        case 'deletion':
          await markContactDeleted(tx, portalId, e.objectId, true);
          skip.add(e.objectId);
          derive.delete(e.objectId);
          break;
        case 'restore':
          await markContactDeleted(tx, portalId, e.objectId, false);
          skip.delete(e.objectId);
          derive.add(e.objectId);
          break;
        case 'merge': {
          const oldIds = [...new Set([e.primaryObjectId, ...e.mergedObjectIds, e.objectId])].filter(
            (id) => id !== e.newObjectId,
          );
          await moveHistory(tx, portalId, oldIds, e.newObjectId, model, now);
          for (const id of oldIds) skip.add(id);
          derive.add(e.newObjectId);
          break;
        }
      }
    }
  });
  return { derive, skip };
}

async function moveHistory(
  tx: Pick<Db, 'query'>,
  portalId: string,
  oldIds: string[],
  newId: string,
  model: StageModel,
  now: Date,
): Promise<void> {
  const ids = [...oldIds, newId];
  const histories = [...(await loadTimelines(tx, portalId, ids)).values()].filter((h) => h.length > 0);
  const merged = histories.length === 0 ? [] : mergeTimelines(histories, model, { at: now, contactIds: oldIds });
  await replaceWithMerged(tx, portalId, { oldIds, newId, merged });
}
