import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { purgeHandler } from '../../../src/install/purge-task.ts';

const now = new Date('2026-11-22T12:00:00.000Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();

describe('purgeHandler (the daily job)', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb('pglite');
  });
  afterEach(async () => {
    await t.drop();
  });

  it('drops processed events older than 3 days, keeps unprocessed and recent ones, and schedules itself for tomorrow', async () => {
    const insert = (key: string, processed: string | null) =>
      t.db.query(
        `insert into webhook_events (portal_id, dedupe_key, event_id, subscription_type, kind, object_type, object_id, occurred_at, payload, processed_at)
       values ('1', $1, '1', 'contact.creation', 'creation', 'contact', '101', $2, '{}', $3)`,
        [key, daysAgo(10), processed],
      );
    await insert('old-processed', daysAgo(4));
    await insert('recent-processed', daysAgo(1));
    await insert('old-unprocessed', null);
    await purgeHandler({ db: t.db, log: captureLog().log, now: () => now })([]);
    const left = await t.db.query<{ dedupe_key: string }>('select dedupe_key from webhook_events order by dedupe_key');
    expect(left.rows.map((r) => r.dedupe_key)).toEqual(['old-unprocessed', 'recent-processed']);
    const next = await t.db.query<{ run_at: Date }>(`select run_at from jobs where task = 'purge-uninstalled'`);
    expect(new Date(next.rows[0]!.run_at).toISOString()).toBe(new Date(now.getTime() + 86_400_000).toISOString());
  });
});
