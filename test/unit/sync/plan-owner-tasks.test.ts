import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { planTasksForChanges, TASK_SEND_DELAY_MS } from '../../../src/sync/plan-owner-tasks.ts';
import { saveAlerts, type PlannedTask } from '../../../src/store/owner-task-store.ts';
import { saveSnooze } from '../../../src/store/health-snoozes.ts';
import { TASKS } from '../../../src/queue/tasks.ts';

/*
 * Which health changes become a task for the contact's owner (docs/owner-tasks.md): only
 * crossings into a level whose toggle is on, made after it was turned on, not while a rep's
 * snooze runs, within the daily cap; and the sender is woken a few minutes later. PGlite only:
 * the statements are the store's, tested on both databases there; this is the choice around them.
 */
const PORTAL = '62515';
const at = (iso: string) => new Date(iso);
const turnedOn = at('2026-11-01T08:00:00.000Z');
const now = at('2026-11-20T12:00:00.000Z');

const crossing = (contactId: string, over: Partial<PlannedTask> = {}): PlannedTask => ({
  contactId,
  stayEnteredAt: at('2026-10-01T09:00:00.000Z'),
  level: 'stuck',
  stage: 'consideration',
  p75Days: 31,
  crossedAt: at('2026-11-20T11:00:00.000Z'),
  ...over,
});

describe('planTasksForChanges', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb('pglite');
  });
  afterEach(async () => {
    await t.drop();
  });

  const plan = (changes: PlannedTask[]) => t.db.transaction((tx) => planTasksForChanges(tx, PORTAL, changes, now));
  const tasks = async () =>
    (
      await t.db.query<{ contact_id: string; level: string; state: string }>(
        'select contact_id, level, state from owner_tasks where portal_id = $1 order by contact_id, level',
        [PORTAL],
      )
    ).rows;
  const senderJobs = async () =>
    (
      await t.db.query<{ task: string; key: string; run_at: Date | string }>(
        'select task, key, run_at from jobs where portal_id = $1',
        [PORTAL],
      )
    ).rows.map((j) => ({ task: j.task, key: j.key, runAt: new Date(j.run_at).toISOString() }));

  it('plans nothing while no alert is turned on (a new portal)', async () => {
    expect(await plan([crossing('101'), crossing('102', { level: 'behind' })])).toEqual({ pending: 0, capped: 0 });
    expect(await tasks()).toEqual([]);
    expect(await senderJobs()).toEqual([]);
  });

  it('plans a task for a crossing into a level whose alert is on, and wakes the sender a few minutes later', async () => {
    await saveAlerts(t.db, PORTAL, { stuckTask: true }, turnedOn);
    expect(await plan([crossing('101'), crossing('102', { level: 'behind' })])).toEqual({ pending: 1, capped: 0 });
    expect(await tasks()).toEqual([{ contact_id: '101', level: 'stuck', state: 'pending' }]);
    expect(await senderJobs()).toEqual([
      { task: TASKS.ownerTasks, key: 'tasks', runAt: new Date(now.getTime() + TASK_SEND_DELAY_MS).toISOString() },
    ]);
  });

  it('follows each toggle on its own: behind on, stuck off', async () => {
    await saveAlerts(t.db, PORTAL, { behindTask: true }, turnedOn);
    expect(await plan([crossing('101'), crossing('102', { level: 'behind' })])).toEqual({ pending: 1, capped: 0 });
    expect(await tasks()).toEqual([{ contact_id: '102', level: 'behind', state: 'pending' }]);
  });

  it('leaves out crossings made before the alert was turned on, or at that instant (backlog, not news)', async () => {
    await saveAlerts(t.db, PORTAL, { stuckTask: true, behindTask: true }, turnedOn);
    const before = new Date(turnedOn.getTime() - 60_000);
    expect(
      await plan([
        crossing('101', { crossedAt: before }),
        crossing('102', { crossedAt: turnedOn }),
        crossing('103', { level: 'behind', crossedAt: before }),
        crossing('104', { crossedAt: new Date(turnedOn.getTime() + 1) }),
      ]),
    ).toEqual({ pending: 1, capped: 0 });
    expect(await tasks()).toEqual([{ contact_id: '104', level: 'stuck', state: 'pending' }]);
  });

  it('plans no task for a contact a rep snoozed, until the snooze ends', async () => {
    await saveAlerts(t.db, PORTAL, { stuckTask: true }, turnedOn);
    const snooze = (contactId: string, until: string) =>
      saveSnooze(t.db, {
        portalId: PORTAL,
        contactId,
        until: at(until),
        reason: 'on holiday',
        snoozedBy: '9',
        now: turnedOn,
      });
    await snooze('101', '2026-11-27T00:00:00.000Z');
    await snooze('102', '2026-11-20T12:00:00.000Z'); // ends as the change is stored: no longer runs
    expect(await plan([crossing('101'), crossing('102')])).toEqual({ pending: 1, capped: 0 });
    expect(await tasks()).toEqual([{ contact_id: '102', level: 'stuck', state: 'pending' }]);
  });

  it('counts crossings past the daily cap as capped, and wakes no sender when nothing is pending', async () => {
    await saveAlerts(t.db, PORTAL, { stuckTask: true, maxTasksPerDay: 1 }, turnedOn);
    expect(await plan([crossing('101'), crossing('102')])).toEqual({ pending: 1, capped: 1 });
    await t.db.query('delete from jobs');
    expect(await plan([crossing('103')])).toEqual({ pending: 0, capped: 1 });
    expect(await senderJobs()).toEqual([]);
    expect((await tasks()).map((r) => r.state)).toEqual(['pending', 'capped', 'capped']);
  });

  it('reads nothing when there is no change', async () => {
    await t.db.exec('drop table portal_alerts cascade');
    expect(await plan([])).toEqual({ pending: 0, capped: 0 });
  });
});
