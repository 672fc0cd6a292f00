import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { contactCreation } from '../../helpers/webhook-events.ts';
import { inboxWriter } from '../../../src/intake/inbox-writer.ts';
import { failing, interceptQueries } from '../../helpers/intercept-queries.ts';

const count = async (t: TestDb, table: string) =>
  (await t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

describe.each(dbKinds)('inboxWriter: webhook requests arriving together share a statement (%s)', (kind) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(kind);
  });
  afterEach(async () => {
    await t.drop();
  });

  it('stores each of 30 requests sent at once, each row with its job, in fewer statements than requests', async () => {
    let statements = 0;
    const counted = interceptQueries(t.db, () => {
      statements += 1;
    });
    const store = inboxWriter(counted);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        store([contactCreation(1000 + i), contactCreation(2000 + i, 777)], new Date()),
      ),
    );
    expect(results).toEqual(Array.from({ length: 30 }, () => 2)); // two portals each
    expect(await count(t, 'webhook_inbox')).toBe(60);
    expect(await count(t, 'jobs')).toBe(60);
    const ids = await t.db.query<{ n: number }>(
      `select count(*)::int as n from webhook_inbox i join jobs j on j.portal_id = i.portal_id and j.key = i.id::text`,
    );
    expect(ids.rows[0]!.n).toBe(60);
    expect(statements).toBeLessThan(30);
  });

  it('a statement that fails fails every request in it and stores none of them; the next request is stored', async () => {
    let statements = 0;
    const failFirst = failing(1);
    const db = interceptQueries(t.db, (sql) => {
      statements += 1;
      failFirst(sql);
    });
    const store = inboxWriter(db);
    const first = store([contactCreation(1)], new Date());
    const second = store([contactCreation(2)], new Date());
    const third = store([contactCreation(3)], new Date());
    await expect(first).rejects.toThrow('connection lost (test)');
    // the others waited for the first statement and went together in the next
    await expect(second).resolves.toBe(1);
    await expect(third).resolves.toBe(1);
    expect(statements).toBe(2);
    const stored = await t.db.query<{ events: string }>('select events from webhook_inbox order by id');
    expect(stored.rows.map((r) => (JSON.parse(r.events) as Array<{ objectId: number }>)[0]!.objectId)).toEqual([2, 3]);
  });
});
