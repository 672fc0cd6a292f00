import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

describe('inboxWriter: one row per portal a request names (pglite)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('pglite');
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.query('delete from webhook_inbox');
    await t.db.query('delete from jobs');
  });

  const inbox = async () =>
    (
      await t.db.query<{ portal_id: string; events: string; quarantine_reason: string | null }>(
        'select portal_id, events, quarantine_reason from webhook_inbox order by id',
      )
    ).rows;

  it('a request naming 100 portals stores a row for each, none quarantined', async () => {
    const events = Array.from({ length: 100 }, (_, i) => contactCreation(1, 1000 + i));
    expect(await inboxWriter(t.db)(events, new Date())).toBe(100);
    const rows = await inbox();
    expect(rows.map((r) => [r.portal_id, JSON.parse(r.events), r.quarantine_reason])).toEqual(
      events.map((e) => [String(e.portalId), [e], null]),
    );
  });

  it("a request naming 101 portals stores the first 100 portals' rows and quarantines the rest whole, with the reason", async () => {
    const events = Array.from({ length: 101 }, (_, i) => contactCreation(1, 1000 + i));
    events.push(contactCreation(2, 1100)); // a second event of the 101st portal
    expect(await inboxWriter(t.db)(events, new Date())).toBe(101);
    const rows = await inbox();
    expect(rows.slice(0, 100).map((r) => [r.portal_id, r.quarantine_reason])).toEqual(
      Array.from({ length: 100 }, (_, i) => [String(1000 + i), null]),
    );
    expect(rows.slice(100).map((r) => ({ ...r, events: JSON.parse(r.events) }))).toEqual([
      {
        portal_id: '',
        events: [events[100], events[101]],
        quarantine_reason: 'the request names 101 portals; at most 100 are taken per request',
      },
    ]);
  });

  it('events that name no readable portal share a row of portal ""; the others keep their portal', async () => {
    const unreadable = [{ ...contactCreation(1), portalId: 'x' }, { objectId: 2 }];
    const readable = contactCreation(3);
    expect(await inboxWriter(t.db)([unreadable[0], readable, unreadable[1]], new Date())).toBe(2);
    expect((await inbox()).map((r) => [r.portal_id, JSON.parse(r.events), r.quarantine_reason])).toEqual([
      ['', unreadable, null],
      ['62515', [readable], null],
    ]);
  });

  it('an event nested more than 64 levels deep goes to a quarantine row, cut at 64 levels; the rest is stored as sent', async () => {
    const nested = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));
    const deep = { ...contactCreation(1), extra: nested(70) };
    const fine = { ...contactCreation(2), extra: nested(63) };
    expect(await inboxWriter(t.db)([deep, fine], new Date())).toBe(2);
    const rows = await inbox();
    expect(rows.map((r) => [r.portal_id, JSON.parse(r.events), r.quarantine_reason])).toEqual([
      ['62515', [fine], null],
      [
        '',
        [{ ...deep, extra: JSON.parse(`${'['.repeat(63)}"[nested too deep to keep]"${']'.repeat(63)}`) }],
        "the event nests more than 64 levels deep (HubSpot's events are flat); kept cut at that depth",
      ],
    ]);
  });

  it('requests written in one statement: each job is due when the earliest of them arrived', async () => {
    const store = inboxWriter(t.db);
    const t0 = new Date('2026-12-07T04:00:00.000Z');
    const later = new Date(t0.getTime() + 3_600_000);
    const first = store([contactCreation(1)], t0); // written at once, alone
    const second = store([contactCreation(2)], later); // these two wait for it and share the next statement
    const third = store([contactCreation(3)], t0);
    await Promise.all([first, second, third]);
    const jobs = await t.db.query<{ run_at: Date | string }>('select run_at from jobs order by id');
    expect(jobs.rows.map((r) => new Date(r.run_at).toISOString())).toEqual([
      t0.toISOString(),
      t0.toISOString(),
      t0.toISOString(),
    ]);
  });

  it('a statement rejected without an error value still fails its requests: none is answered as stored', async () => {
    let fail = true;
    const db = interceptQueries(t.db, () => {
      if (!fail) return;
      fail = false;
      throw undefined;
    });
    await expect(inboxWriter(db)([contactCreation(1)], new Date())).rejects.toThrow('inbox insert failed');
    expect(await inbox()).toEqual([]);
  });
});
