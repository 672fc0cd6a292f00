import type { StageModel } from '@journey-stages/contract/stage-model';
import type { HealthStatus } from '@journey-stages/contract/journey';
import { enqueue } from '../queue/sql/enqueue.ts';
import { classifyHealth, type StageDwell } from '../analytics/classify-health.ts';
import { loadStageDwell } from '../analytics/load-stage-dwell.ts';
import type { HealthToWrite } from './write-health.ts';
import { TASKS } from '../queue/tasks.ts';
import type { SyncDeps } from './sync-deps.ts';
import { planTasksForChanges } from './plan-owner-tasks.ts';
import type { PlannedTask } from '../store/owner-task-store.ts';
import { loadHealthRows, saveHealthChanges, type HealthRow } from '../store/contact-health.ts';

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
  return storeRows(
    deps,
    portalId,
    model,
    dwell,
    await loadHealthRows(deps.db, portalId, { ids: contacts }),
    now,
    false,
  );
}

/**
 * Classifies `rows` at `now`, stores the changes with the owner tasks they call for (one
 * transaction), books each next change as a timed job, and returns what HubSpot does not hold.
 */
export async function storeRows(
  deps: SyncDeps,
  portalId: string,
  model: StageModel,
  dwell: Map<string, StageDwell>,
  rows: HealthRow[],
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
      await saveHealthChanges(tx, portalId, changed);
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
