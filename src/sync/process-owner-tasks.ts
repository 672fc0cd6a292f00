import type { Job } from '../queue/job.ts';
import { HubSpotError } from './hubspot-error.ts';
import { BATCH_LIMIT, type HubSpotApi, type TaskInput } from './hubspot-api.ts';
import { contactName, ownerTaskText } from './owner-task-text.ts';
import {
  noteTaskRefusal,
  recordTaskOutcomes,
  takeTasksToSend,
  type TaskOutcome,
  type TaskToSend,
} from '../store/owner-task-store.ts';
import type { SyncDeps } from './sync-deps.ts';

const DAY = 86_400_000;
/** What the task needs of the contact: its name for the subject, its owner for the task. */
const CONTACT_PROPERTIES = ['firstname', 'lastname', 'email', 'hubspot_owner_id'];

/**
 * Task 'owner-tasks' (key 'tasks'): sends the portal's planned tasks for owners of stalled
 * contacts (docs/owner-tasks.md), 100 per batch: one contact batch read (names, owners, and
 * whether HubSpot still has them) and one tasks batch create per batch. A batch whose earlier
 * try may have reached HubSpot (marked `sending`, no answer recorded) first looks for its
 * tasks on the contacts, by the marker in their body, and creates only those it does not find:
 * a retried job or a killed worker never creates a second task. HubSpot refusing the create
 * (a missing scope, a validation rule) is recorded, counted and shown, never retried.
 */
export async function processOwnerTasks(deps: SyncDeps, jobs: Job[]): Promise<void> {
  const portalId = jobs[0]!.portalId;
  const model = await deps.modelFor(portalId);
  for (;;) {
    const batch = await takeTasksToSend(deps.db, portalId, BATCH_LIMIT);
    if (batch.length === 0) return;
    const outcomes: TaskOutcome[] = batch
      .filter((t) => t.gone)
      .map((t) => ({ id: t.id, state: 'skipped', reason: 'the contact was deleted, merged or erased' }));
    const live = batch.filter((t) => !t.gone);
    const ids = [...new Set(live.map((t) => t.contactId))];
    const contacts = new Map(
      (await deps.api.readContacts(portalId, ids, CONTACT_PROPERTIES)).map((c) => [c.id, c.properties]),
    );
    const found = await findCreated(
      deps.api,
      portalId,
      live.filter((t) => t.mayExist && contacts.has(t.contactId)),
    );
    const toCreate: Array<TaskInput & { task: TaskToSend }> = [];
    for (const t of live) {
      const properties = contacts.get(t.contactId);
      if (properties === undefined)
        outcomes.push({ id: t.id, state: 'skipped', reason: 'HubSpot no longer has the contact' });
      else if (found.has(t.id)) outcomes.push({ id: t.id, state: 'created', taskId: found.get(t.id)! });
      else toCreate.push({ task: t, traceId: t.id, contactId: t.contactId, properties: taskProperties(t, properties) });
    }
    try {
      const r = await deps.api.createTasks(portalId, toCreate);
      for (const c of r.created) outcomes.push({ id: c.traceId, state: 'created', taskId: c.id });
      for (const f of r.refused) outcomes.push({ id: f.traceId, state: 'refused', reason: f.reason });
      if (r.refused.length > 0) await noteTaskRefusal(deps.db, portalId, r.refused[0]!.reason, deps.now());
    } catch (err) {
      // A 4xx other than 429 is HubSpot saying no (a missing scope, a bad input): retrying
      // would only say it again. Anything else fails the job; its tasks stay `sending`.
      if (!(err instanceof HubSpotError) || err.retryable || err.status === 429 || err.status < 400) throw err;
      for (const t of toCreate) outcomes.push({ id: t.traceId, state: 'refused', reason: err.message });
      await noteTaskRefusal(deps.db, portalId, err.message, deps.now());
      deps.log.warn(
        { portalId, status: err.status, tasks: toCreate.length, err: err.message },
        'HubSpot refused owner tasks',
      );
    }
    await recordTaskOutcomes(deps.db, portalId, outcomes);
    for (const o of outcomes) deps.metrics?.ownerTasks.inc({ outcome: o.state });
    function taskProperties(t: TaskToSend, contact: Record<string, string | null>): Record<string, string> {
      const text = ownerTaskText({
        model,
        stage: t.stage,
        level: t.level,
        contactName: contactName(contact, t.contactId),
        stayEnteredAt: t.stayEnteredAt,
        crossedAt: t.crossedAt,
        p75Days: t.p75Days,
        marker: t.id,
      });
      const owner = contact.hubspot_owner_id;
      return {
        hs_timestamp: new Date(Math.max(t.crossedAt.getTime(), deps.now().getTime()) + DAY).toISOString(),
        hs_task_subject: text.subject,
        hs_task_body: text.body,
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: t.level === 'stuck' ? 'HIGH' : 'MEDIUM',
        hs_task_type: 'TODO',
        ...(owner ? { hubspot_owner_id: owner } : {}),
      };
    }
  }
}

/**
 * The tasks an earlier try created for `tasks`, by task id: the contacts' task associations
 * (paged), then those tasks' bodies, matched on the marker. Direct reads, not the search
 * index, so a task HubSpot has created is found at once. Two calls or so, only after a try
 * whose answer was lost.
 */
async function findCreated(api: HubSpotApi, portalId: string, tasks: TaskToSend[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (tasks.length === 0) return found;
  const taskIds = new Set<string>();
  let inputs: Array<{ id: string; after?: string }> = [...new Set(tasks.map((t) => t.contactId))].map((id) => ({ id }));
  while (inputs.length > 0) {
    const page = await api.readAssociationPage(portalId, 'contacts', 'tasks', inputs);
    for (const row of page) for (const id of row.toIds) taskIds.add(id);
    inputs = page.flatMap((row) => (row.after === undefined ? [] : [{ id: row.id, after: row.after }]));
  }
  const all = [...taskIds];
  for (let i = 0; i < all.length; i += BATCH_LIMIT) {
    const records = await api.readObjects(portalId, 'tasks', all.slice(i, i + BATCH_LIMIT), ['hs_task_body']);
    for (const record of records)
      for (const t of tasks) if (record.properties.hs_task_body?.includes(t.id)) found.set(t.id, record.id);
  }
  return found;
}
