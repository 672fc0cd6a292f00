import type { Db } from '../store/db.ts';
import { loadTimelines } from '../store/timeline-store.ts';
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
          await tx.query(
            'insert into erased_contacts (portal_id, contact_id, erased_at) values ($1, $2, $3) on conflict do nothing',
            [portalId, e.objectId, now.toISOString()],
          );
          for (const sql of [
            'delete from timeline_entries where portal_id = $1 and contact_id = $2',
            'delete from contacts where portal_id = $1 and contact_id = $2',
            'delete from deal_contacts where portal_id = $1 and contact_id = $2',
            'delete from contact_aliases where portal_id = $1 and (old_id = $2 or new_id = $2)',
            'delete from health_snoozes where portal_id = $1 and contact_id = $2', // a rep's free-text reason about the person
            'delete from contact_touchpoints where portal_id = $1 and contact_id = $2', // email subjects, call titles
            'delete from owner_tasks where portal_id = $1 and contact_id = $2', // tasks planned for the person's owner
            // persona, owner, source over time
            'delete from contact_segment_values where portal_id = $1 and contact_id = $2',
            `delete from webhook_events where portal_id = $1 and object_type = 'contact' and object_id = $2`,
            // Events that did not parse keep their raw JSON: those naming the contact go too.
            `delete from quarantined_events where portal_id = $1 and $2 in (raw->>'objectId', raw->>'fromObjectId', raw->>'toObjectId')`,
          ])
            await tx.query(sql, [portalId, e.objectId]);
          await dropPendingJobs(tx, portalId, e.objectId, CONTACT_TASKS);
          skip.add(e.objectId);
          derive.delete(e.objectId);
          break;
        case 'deletion':
          await tx.query('update contacts set deleted = true where portal_id = $1 and contact_id = $2', [
            portalId,
            e.objectId,
          ]);
          skip.add(e.objectId);
          derive.delete(e.objectId);
          break;
        case 'restore':
          await tx.query('update contacts set deleted = false where portal_id = $1 and contact_id = $2', [
            portalId,
            e.objectId,
          ]);
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
  await tx.query('delete from timeline_entries where portal_id = $1 and contact_id = any($2::text[])', [portalId, ids]);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: inserting from an empty array inserts nothing
  if (merged.length > 0)
    await tx.query(
      `insert into timeline_entries (portal_id, contact_id, seq, stage, entered_at, direction, model_id, entry)
       select $1, $2, x.ordinality - 1, x.e->>'stage', (x.e->>'enteredAt')::timestamptz, x.e->>'direction', coalesce(x.e->>'model', ''), x.e
         from jsonb_array_elements($3::jsonb) with ordinality as x(e, ordinality)`,
      [portalId, newId, JSON.stringify(merged)],
    );
  // The old rows go; the survivor's row is rewritten by its derivation. What HubSpot holds for
  // the survivor is unknown after a merge, so its row is dropped too and the stage written again.
  await tx.query('delete from contacts where portal_id = $1 and contact_id = any($2::text[])', [portalId, ids]);
  await tx.query(
    `insert into deal_contacts (portal_id, deal_id, contact_id)
     select portal_id, deal_id, $3 from deal_contacts where portal_id = $1 and contact_id = any($2::text[])
     on conflict do nothing`,
    [portalId, oldIds, newId],
  );
  await tx.query('delete from deal_contacts where portal_id = $1 and contact_id = any($2::text[])', [portalId, oldIds]);
  // The merged-away records are gone in HubSpot; the survivor's dated values stay its own.
  await tx.query('delete from contact_segment_values where portal_id = $1 and contact_id = any($2::text[])', [
    portalId,
    oldIds,
  ]);
  await tx.query(
    `insert into contact_aliases (portal_id, old_id, new_id) select $1, unnest($2::text[]), $3
     on conflict (portal_id, old_id) do update set new_id = excluded.new_id`,
    [portalId, oldIds, newId],
  );
}
