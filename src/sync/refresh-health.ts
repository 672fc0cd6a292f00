import type { Queryable } from '../store/db.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';
import type { HealthStatus } from '@journey-stages/contract/journey';
import { enqueue } from '../queue/sql/enqueue.ts';
import { classifyHealth, type StageDwell } from '../analytics/classify-health.ts';
import { loadStageDwell } from '../analytics/load-stage-dwell.ts';
import { writeHealth, type HealthToWrite } from './write-health.ts';
import { freshModel, provisionProperties } from './provision-properties.ts';
import { TASKS } from '../queue/tasks.ts';
import type { SyncDeps } from './sync-deps.ts';
import { planTasksForChanges } from './plan-owner-tasks.ts';
import type { PlannedTask } from '../store/owner-task-store.ts';

const PAGE = 500;

type Row = {
  contact_id: string;
  model_id: string;
  stage: string;
  stage_entered_at: Date | string;
  health: HealthStatus | null;
  written_health: HealthStatus | null;
  health_changes_at: Date | string | null;
};

/**
 * Classifies contacts against the stored dwell quantiles at `now`, stores health and when it
 * next changes (contacts.health, health_changes_at), schedules that change as a timed job and
 * writes journey_stage_health where it differs from what HubSpot holds. No HubSpot read.
 * `contacts: 'all'` re-classifies the whole portal page by page (after a recomputation).
 * `rescheduleAll`: a health job just ran, so its contacts need their next job even when the
 * moment did not move.
 */
export async function refreshHealth(
  deps: SyncDeps,
  portalId: string,
  model: StageModel,
  contacts: string[] | 'all',
  now: Date,
  o: { rescheduleAll?: boolean } = {},
): Promise<{ changed: number; written: number }> {
  const total = { changed: 0, written: 0 };
  const writeRows = async (rows: Row[], dwell: Map<string, StageDwell>) => {
    const done = await storeRows(deps, portalId, model, dwell, rows, now, o.rescheduleAll ?? false);
    // The health property must exist before the first write (one query when it does).
    if (done.toWrite.length > 0)
      await provisionProperties(deps.db, deps.api, portalId, model, () => freshModel(deps, portalId));
    await writeHealth(deps.db, deps.api, portalId, done.toWrite, deps.log);
    total.changed += done.changed;
    total.written += done.toWrite.length;
  };
  const dwell = await loadStageDwell(deps.db, portalId, model.id);
  if (contacts !== 'all') {
    if (contacts.length > 0) await writeRows(await loadRows(deps.db, portalId, { ids: contacts }), dwell);
    return total;
  }
  for (let after = ''; ; ) {
    const rows = await loadRows(deps.db, portalId, { after });
    if (rows.length === 0) return total;
    await writeRows(rows, dwell);
    after = rows[rows.length - 1]!.contact_id;
  }
}

/**
 * refreshHealth without the write: classifies and stores the contacts' health and books its
 * next change, and returns the health HubSpot does not hold yet, for the caller to send in the
 * same batch update as the stages it writes (deriveAndWrite).
 */
export async function storeHealth(
  deps: SyncDeps,
  portalId: string,
  model: StageModel,
  contacts: string[],
  now: Date,
): Promise<{ changed: number; toWrite: HealthToWrite[] }> {
  if (contacts.length === 0) return { changed: 0, toWrite: [] };
  const dwell = await loadStageDwell(deps.db, portalId, model.id);
  return storeRows(deps, portalId, model, dwell, await loadRows(deps.db, portalId, { ids: contacts }), now, false);
}

async function loadRows(db: Queryable, portalId: string, by: { ids: string[] } | { after: string }): Promise<Row[]> {
  const cols = 'contact_id, model_id, stage, stage_entered_at, health, written_health, health_changes_at';
  const r =
    'ids' in by
      ? await db.query<Row>(
          `select ${cols} from contacts where portal_id = $1 and contact_id = any($2::text[]) and not deleted`,
          [portalId, by.ids],
        )
      : await db.query<Row>(
          `select ${cols} from contacts where portal_id = $1 and contact_id > $2 and not deleted order by contact_id limit ${PAGE}`,
          [portalId, by.after],
        );
  return r.rows;
}

async function storeRows(
  deps: SyncDeps,
  portalId: string,
  model: StageModel,
  dwell: Map<string, StageDwell>,
  rows: Row[],
  now: Date,
  rescheduleAll: boolean,
): Promise<{ changed: number; toWrite: HealthToWrite[] }> {
  const lastStage = model.stages[model.stages.length - 1]?.id;
  const changed: Array<{ contact_id: string; health: HealthStatus | null; changes_at: string | null }> = [];
  const timers: Array<{ contactId: string; at: Date }> = [];
  const toWrite: HealthToWrite[] = [];
  // Changes to behind or stuck: each may call for a task for the contact's owner.
  const alarms: PlannedTask[] = [];
  for (const row of rows) {
    const verdict =
      row.model_id === model.id
        ? classifyHealth({
            enteredAt: new Date(row.stage_entered_at),
            now,
            dwell: dwell.get(row.stage),
            isLastStage: row.stage === lastStage,
          })
        : null;
    const health = verdict?.status ?? null;
    const changesAt = verdict?.changesAt ?? null;
    const storedAt = row.health_changes_at === null ? null : new Date(row.health_changes_at).getTime();
    const moved = (changesAt?.getTime() ?? null) !== storedAt;
    if (health !== row.health || moved)
      changed.push({ contact_id: row.contact_id, health, changes_at: changesAt?.toISOString() ?? null });
    if (verdict && health !== row.health && (health === 'behind' || health === 'stuck'))
      alarms.push({
        contactId: row.contact_id,
        stayEnteredAt: new Date(row.stage_entered_at),
        level: health,
        stage: row.stage,
        p75Days: verdict.p75Days,
        crossedAt: verdict.since,
      });
    if (changesAt && (moved || rescheduleAll)) timers.push({ contactId: row.contact_id, at: changesAt });
    if (health !== row.written_health) toWrite.push({ contactId: row.contact_id, health });
  }
  // The health and the tasks it calls for are stored together: a retried job finds the health
  // already changed (no second plan), a crash before the commit leaves neither.
  if (changed.length > 0)
    await deps.db.transaction(async (tx) => {
      await tx.query(
        `update contacts c set health = x.health, health_changes_at = x.changes_at
           from jsonb_to_recordset($2::jsonb) as x(contact_id text, health text, changes_at timestamptz)
          where c.portal_id = $1 and c.contact_id = x.contact_id`,
        [portalId, JSON.stringify(changed)],
      );
      const planned = await planTasksForChanges(tx, portalId, alarms, now);
      if (planned.capped > 0) deps.metrics?.ownerTasks.inc({ outcome: 'capped' }, planned.capped);
    });
  await enqueue(
    deps.db,
    timers.map((t) => ({ portalId, task: TASKS.contactHealth, key: t.contactId, runAt: t.at })),
    now,
  );
  return { changed: changed.length, toWrite };
}
