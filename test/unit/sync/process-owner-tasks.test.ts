import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { processOwnerTasks } from '../../../src/sync/process-owner-tasks.ts';
import type { SyncDeps } from '../../../src/sync/sync-deps.ts';
import type { HubSpotApi, HubSpotRecord, TaskInput } from '../../../src/sync/hubspot-api.ts';
import { HubSpotError } from '../../../src/sync/hubspot-error.ts';
import { loadAlerts, planOwnerTasks, type PlannedTask } from '../../../src/store/owner-task-store.ts';
import { storeTimelines } from '../../helpers/store-timelines.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import { TASKS } from '../../../src/queue/tasks.ts';
import { jobOf } from '../../helpers/job.ts';

/*
 * Sending the planned tasks for owners of stalled contacts (docs/owner-tasks.md): what the
 * owner's task says and when it is due, a contact gone here or in HubSpot gets none, HubSpot's
 * refusal is recorded and shown rather than retried, and a try whose answer was lost finds the
 * task it created instead of creating a second. HubSpot is a fake that records the calls;
 * PGlite only: the statements are the store's.
 */
const PORTAL = '62515';
const model = presets['classic-5']!;
const now = new Date('2026-11-20T12:00:00.000Z');
const DAY = 86_400_000;
const JOB = jobOf(TASKS.ownerTasks, 'tasks', { runAt: now });
const planned = (contactId: string, over: Partial<PlannedTask> = {}): PlannedTask => ({
  contactId,
  stayEnteredAt: new Date('2026-10-01T09:00:00.000Z'),
  level: 'stuck',
  stage: 'consideration',
  p75Days: 31,
  crossedAt: new Date('2026-11-20T11:00:00.000Z'),
  ...over,
});

describe('processOwnerTasks', () => {
  let t: TestDb;
  let deps: SyncDeps;
  let hubspotContacts: Map<string, HubSpotRecord['properties']>;
  let created: TaskInput[][];
  let createAnswer: (inputs: TaskInput[]) => Promise<{
    created: Array<{ traceId: string; id: string }>;
    refused: Array<{ traceId: string; reason: string }>;
  }>;
  let existingTasks: Array<{ contactId: string; id: string; body: string }>;
  let reads: string[];

  beforeEach(async () => {
    t = await createTestDb('pglite');
    hubspotContacts = new Map([
      ['101', { firstname: 'Jane', lastname: 'Doe', email: null, hubspot_owner_id: '77' }],
      ['102', { firstname: null, lastname: null, email: 'bo@example.com', hubspot_owner_id: null }],
    ]);
    created = [];
    existingTasks = [];
    reads = [];
    createAnswer = async (inputs) => ({
      created: inputs.map((i) => ({ traceId: i.traceId, id: `task-of-${i.contactId}` })),
      refused: [],
    });
    const api = {
      async readContacts(_p: string, ids: string[]) {
        reads.push(`contacts ${ids.join(',')}`);
        return ids.flatMap((id) => {
          const properties = hubspotContacts.get(id);
          return properties ? [{ id, properties }] : [];
        });
      },
      async createTasks(_p: string, inputs: TaskInput[]) {
        created.push(inputs);
        return createAnswer(inputs);
      },
      async readAssociationPage(_p: string, _from: string, _to: string, inputs: Array<{ id: string }>) {
        reads.push(`associations ${inputs.map((i) => i.id).join(',')}`);
        return inputs.map((i) => ({
          id: i.id,
          toIds: existingTasks.filter((e) => e.contactId === i.id).map((e) => e.id),
          after: undefined,
        }));
      },
      async readObjects(_p: string, _type: string, ids: string[]) {
        reads.push(`tasks ${ids.join(',')}`);
        return existingTasks
          .filter((e) => ids.includes(e.id))
          .map((e) => ({ id: e.id, properties: { hs_task_body: e.body } }));
      },
    } as unknown as HubSpotApi;
    deps = { db: t.db, api, log: captureLog().log, now: () => now, modelFor: async () => model };
  });
  afterEach(async () => {
    await t.drop();
  });

  const plan = (tasks: PlannedTask[]) => t.db.transaction((tx) => planOwnerTasks(tx, PORTAL, tasks, 200, now));
  const outcomes = async () =>
    (
      await t.db.query<{ contact_id: string; state: string; task_id: string | null; reason: string | null }>(
        'select contact_id, state, task_id, reason from owner_tasks where portal_id = $1 order by contact_id',
        [PORTAL],
      )
    ).rows.map((r) => [r.contact_id, r.state, r.task_id ?? r.reason]);

  it("creates one task per planned crossing: the contact's name, its owner, due a day after the crossing", async () => {
    await plan([planned('101'), planned('102', { level: 'behind', crossedAt: new Date('2026-11-18T10:00:00.000Z') })]);
    await processOwnerTasks(deps, [JOB]);
    expect(created).toHaveLength(1);
    const byContact = Object.fromEntries(created[0]!.map((i) => [i.contactId, i]));
    expect(byContact['101']!.properties).toMatchObject({
      hs_task_subject: 'Stuck in Consideration: Jane Doe, 50 days (3 in 4 who move on do so within 31)',
      hs_task_status: 'NOT_STARTED',
      hs_task_priority: 'HIGH',
      hs_task_type: 'TODO',
      hubspot_owner_id: '77',
      // A day after the crossing, or after now when the crossing is older.
      hs_timestamp: new Date(now.getTime() + DAY).toISOString(),
    });
    expect(byContact['101']!.properties.hs_task_body).toContain(byContact['101']!.traceId);
    expect(byContact['102']!.properties).toMatchObject({
      hs_task_subject: 'Behind in Consideration: bo@example.com, 48 days (3 in 4 who move on do so within 31)',
      hs_task_priority: 'MEDIUM',
    });
    expect(byContact['102']!.properties).not.toHaveProperty('hubspot_owner_id');
    expect(await outcomes()).toEqual([
      ['101', 'created', 'task-of-101'],
      ['102', 'created', 'task-of-102'],
    ]);
    // Nothing left to send: a second run reads nothing.
    reads.length = 0;
    await processOwnerTasks(deps, [JOB]);
    expect(reads).toEqual([]);
  });

  it('sends no task for a contact deleted here or gone from HubSpot', async () => {
    await storeTimelines(t.db, { portal: PORTAL, model: model.id }, [
      { contact: '101', path: 'awareness@2026-09-01 consideration@2026-10-01', deleted: true },
    ]);
    await plan([planned('101'), planned('103')]);
    await processOwnerTasks(deps, [JOB]);
    expect(created.flat()).toEqual([]);
    expect(await outcomes()).toEqual([
      ['101', 'skipped', 'the contact was deleted, merged or erased'],
      ['103', 'skipped', 'HubSpot no longer has the contact'],
    ]);
  });

  it("records HubSpot's refusal of one task and shows it on the settings page", async () => {
    createAnswer = async (inputs) => ({
      created: inputs.filter((i) => i.contactId !== '102').map((i) => ({ traceId: i.traceId, id: 'task-1' })),
      refused: inputs
        .filter((i) => i.contactId === '102')
        .map((i) => ({ traceId: i.traceId, reason: 'Owner not found' })),
    });
    await plan([planned('101'), planned('102')]);
    await processOwnerTasks(deps, [JOB]);
    expect(await outcomes()).toEqual([
      ['101', 'created', 'task-1'],
      ['102', 'refused', 'Owner not found'],
    ]);
    expect((await loadAlerts(t.db, PORTAL)).refusal).toEqual({ at: now, reason: 'Owner not found' });
  });

  it("records a 4xx as every task's refusal, without retrying", async () => {
    createAnswer = async () => {
      throw new HubSpotError('missing scope crm.objects.tasks.write', { status: 403, retryable: false });
    };
    await plan([planned('101')]);
    await processOwnerTasks(deps, [JOB]);
    expect(await outcomes()).toEqual([['101', 'refused', 'missing scope crm.objects.tasks.write']]);
    expect((await loadAlerts(t.db, PORTAL)).refusal?.reason).toBe('missing scope crm.objects.tasks.write');
  });

  it('fails the job on a 429 or a server error, leaving the tasks to the retry', async () => {
    for (const err of [
      new HubSpotError('rate limited', { status: 429, retryable: true }),
      new HubSpotError('bad gateway', { status: 502, retryable: true }),
    ]) {
      createAnswer = async () => {
        throw err;
      };
      await t.db.query('delete from owner_tasks');
      await plan([planned('101')]);
      await expect(processOwnerTasks(deps, [JOB])).rejects.toBe(err);
      expect(await outcomes()).toEqual([['101', 'sending', null]]);
    }
  });

  it('a retry after a lost answer finds the task created before, and creates only the others', async () => {
    createAnswer = async () => {
      throw new Error('socket hang up');
    };
    await plan([planned('101'), planned('102')]);
    await expect(processOwnerTasks(deps, [JOB])).rejects.toThrow('socket hang up');
    // HubSpot had created 101's task before the answer was lost; 102's was not.
    const lost = created[0]!.find((i) => i.contactId === '101')!;
    existingTasks = [
      { contactId: '101', id: 'task-old', body: lost.properties.hs_task_body! },
      { contactId: '101', id: 'task-other', body: 'Call back about the renewal' },
    ];
    createAnswer = async (inputs) => ({
      created: inputs.map((i) => ({ traceId: i.traceId, id: 'task-new' })),
      refused: [],
    });
    reads.length = 0;
    await processOwnerTasks(deps, [JOB]);
    expect(created[1]!.map((i) => i.contactId)).toEqual(['102']);
    expect(reads).toEqual(['contacts 101,102', 'associations 101,102', 'tasks task-old,task-other']);
    expect(await outcomes()).toEqual([
      ['101', 'created', 'task-old'],
      ['102', 'created', 'task-new'],
    ]);
  });
});
