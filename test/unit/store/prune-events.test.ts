import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { pruneEvents } from '../../../src/store/prune-events.ts';
import { pruneReads, rememberReads } from '../../../src/store/hubspot-reads.ts';
import { dailyHandler } from '../../../src/queue/daily-job.ts';
import { TASKS } from '../../../src/queue/tasks.ts';

const now = new Date('2026-11-22T12:00:00.000Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();

describe('the daily prune of old events', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb('pglite');
  });
  afterEach(async () => {
    await t.drop();
  });

  it('drops processed events older than 3 days and quarantined ones older than 30, keeps unprocessed and recent ones', async () => {
    const insert = (key: string, processed: string | null) =>
      t.db.query(
        `insert into webhook_events (portal_id, dedupe_key, event_id, subscription_type, kind, object_type, object_id, occurred_at, payload, processed_at)
       values ('1', $1, '1', 'contact.creation', 'creation', 'contact', '101', $2, '{}', $3)`,
        [key, daysAgo(10), processed],
      );
    await insert('old-processed', daysAgo(4));
    await insert('recent-processed', daysAgo(1));
    await insert('old-unprocessed', null);
    const quarantine = (days: number) =>
      t.db.query(`insert into quarantined_events (portal_id, reason, raw, received_at) values ('1', 'bad', '{}', $1)`, [
        daysAgo(days),
      ]);
    await quarantine(31);
    await quarantine(29);

    expect(await pruneEvents(t.db, now)).toEqual({ events: 1, quarantined: 1 });
    const left = await t.db.query<{ dedupe_key: string }>('select dedupe_key from webhook_events order by dedupe_key');
    expect(left.rows.map((r) => r.dedupe_key)).toEqual(['old-unprocessed', 'recent-processed']);
    expect((await t.db.query('select 1 from quarantined_events')).rows).toHaveLength(1);
  });

  it('drops reads kept for a retry once they are older than asked, keeps newer ones', async () => {
    const record = (id: string) => ({ id, properties: { email: `${id}@example.com` } });
    await rememberReads(t.db, '1', 'contact', [record('101')], new Date(daysAgo(1)));
    await rememberReads(t.db, '1', 'deal', [record('9')], new Date(now.getTime() - 60_000));
    expect(await pruneReads(t.db, new Date(now.getTime() - 3_600_000))).toBe(1);
    const left = await t.db.query<{ object_id: string }>('select object_id from hubspot_reads');
    expect(left.rows.map((r) => r.object_id)).toEqual(['9']);
  });

  it('a daily job runs its work, then schedules itself for the same time tomorrow', async () => {
    let ran = 0;
    await dailyHandler(
      t.db,
      TASKS.pruneEvents,
      () => now,
      async () => {
        ran++;
      },
    )([]);
    expect(ran).toBe(1);
    const next = await t.db.query<{ run_at: Date; key: string }>(
      `select run_at, key from jobs where task = 'prune-events'`,
    );
    expect(next.rows.map((r) => [new Date(r.run_at).toISOString(), r.key])).toEqual([
      [new Date(now.getTime() + 86_400_000).toISOString(), 'daily'],
    ]);
  });
});
