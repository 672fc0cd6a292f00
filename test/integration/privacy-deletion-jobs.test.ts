import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { applyContactLifecycle } from '../../src/sync/apply-contact-lifecycle.ts';
import { enqueue } from '../../src/queue/sql/enqueue.ts';
import { claim } from '../../src/queue/sql/claim.ts';
import { TASKS } from '../../src/queue/tasks.ts';
import type { PendingEvent } from '../../src/store/pending-events.ts';
import { presets } from '../../src/engine/presets/index.ts';

const now = new Date('2026-11-22T10:00:00.000Z');

describe.each(dbKinds)('a privacy deletion and the queue (%s)', (kind) => {
  let t: TestDb;
  afterEach(async () => t.drop());

  it("drops the contact's pending and timer jobs, keeps its running job and other contacts' jobs", async () => {
    t = await createTestDb(kind);
    await enqueue(t.db, [{ portalId: '1', task: TASKS.contactChanged, key: 'c1' }], now);
    await claim(t.db, { workerId: 'w', now, limit: 10, lockMs: 15_000 }); // the job now running for c1
    await enqueue(
      t.db,
      [
        { portalId: '1', task: TASKS.contactChanged, key: 'c1' },
        { portalId: '1', task: TASKS.contactTimer, key: 'c1', runAt: new Date(now.getTime() + 86_400_000) },
        { portalId: '1', task: TASKS.contactChanged, key: 'c2' },
      ],
      now,
    );
    const erase = {
      kind: 'privacyDeletion',
      objectType: 'contact',
      format: 'generic',
      portalId: '1',
      objectId: 'c1',
      occurredAt: now.getTime(),
      eventId: 'e1',
      subscriptionType: 'object.privacyDeletion',
      subscriptionId: null,
      appId: null,
      dedupeKey: 'd1',
    } as PendingEvent;
    await applyContactLifecycle(t.db, '1', [erase], now, presets['classic-5']!);
    const r = await t.db.query<{ task: string; key: string; state: string }>(
      'select task, key, state from jobs order by key, state',
    );
    expect(r.rows).toEqual([
      { task: TASKS.contactChanged, key: 'c1', state: 'running' },
      { task: TASKS.contactChanged, key: 'c2', state: 'pending' },
    ]);
  });
});
