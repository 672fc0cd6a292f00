import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { interceptQueries } from '../../helpers/intercept-queries.ts';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { storeBatch, type StorableEvent } from '../../../src/intake/store-batch.ts';
import { toStorableJson } from '../../../src/intake/storable-json.ts';

const NOW = new Date('2026-12-02T09:00:00.000Z');
const event = (objectId: string, over: Partial<StorableEvent> = {}): StorableEvent => ({
  portalId: '62515',
  dedupeKey: `k-${objectId}`,
  eventId: `e-${objectId}`,
  subscriptionType: 'contact.creation',
  kind: 'creation',
  objectType: 'contact',
  objectId,
  occurredAt: NOW.getTime() - 1_000,
  ...over,
});

describe('toStorableJson', () => {
  it('toStorableJson(NUL and lone surrogates in keys and values) writes them out as visible escapes', () => {
    const raw = JSON.parse('{"a\\u0000":"x\\u0000y","b":["\\ud800","ok \\ud83d\\ude00","\\udc00z"],"n":1}');
    expect(toStorableJson(raw)).toEqual({ 'a\\u0000': 'x\\u0000y', b: ['\\ud800', 'ok \u{1F600}', '\\udc00z'], n: 1 });
  });

  it('toStorableJson({"__proto__": …}) keeps it as a plain key', () => {
    const out = toStorableJson(JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":true}}');
  });

  it('toStorableJson(nested 100 000 levels deep) cuts the nesting instead of overflowing the stack', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(JSON.stringify(toStorableJson(deep))).toContain('nested too deep');
  });

  it('toStorableJson(null, booleans and numbers) keeps them as they are', () => {
    expect(toStorableJson(JSON.parse('{"a":null,"b":[true,false,0,-1.5],"c":"text"}'))).toEqual({
      a: null,
      b: [true, false, 0, -1.5],
      c: 'text',
    });
  });

  it('toStorableJson(64 levels of nesting) keeps them all; the 65th level is cut', () => {
    const nested = (levels: number) => JSON.parse('['.repeat(levels) + ']'.repeat(levels));
    expect(toStorableJson(nested(64))).toEqual(nested(64));
    expect(JSON.stringify(toStorableJson(nested(65)))).toBe(
      `${'['.repeat(64)}"[nested too deep to keep]"${']'.repeat(64)}`,
    );
  });

  it('toStorableJson(objects nested 100 000 levels deep) cuts the nesting too', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`);
    expect(JSON.stringify(toStorableJson(deep))).toContain('nested too deep');
  });
});

describe.each(dbKinds)('storeBatch (%s)', (kind) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(kind);
    await t.db.query(`insert into portals (portal_id, status) values ('62515', 'active')`);
  });
  afterEach(async () => {
    await t.drop();
  });

  it('storeBatch(an event the database refuses) stores the others and quarantines that one with the reason', async () => {
    // Parsing refuses a NUL; this event skips parsing, as a value parsing did not foresee would.
    const refused = event('2', { eventId: 'e-\u0000' });
    const result = await storeBatch(t.db, [event('1'), refused, event('3')], [], NOW);
    expect(result).toEqual({ stored: 2, duplicates: 0, quarantined: 1, notInstalled: 0 });
    const stored = await t.db.query<{ object_id: string }>('select object_id from webhook_events order by object_id');
    expect(stored.rows.map((r) => r.object_id)).toEqual(['1', '3']);
    const q = await t.db.query<{ reason: string; raw: { eventId: string } }>(
      'select reason, raw from quarantined_events',
    );
    expect(q.rows).toEqual([
      {
        reason: expect.stringMatching(/^the database refused it/),
        raw: expect.objectContaining({ eventId: 'e-\\u0000' }),
      },
    ]);
  });

  it('storeBatch(contact-deal associations) links a live contact to its deal at once, never an erased contact', async () => {
    await t.db.query(`insert into erased_contacts (portal_id, contact_id, erased_at) values ('62515', '20', $1)`, [
      NOW.toISOString(),
    ]);
    const linked = (objectId: string, over: Partial<StorableEvent> = {}) =>
      event(objectId, {
        dedupeKey: `a-${objectId}-${over.toObjectId ?? 'd1'}`,
        subscriptionType: 'contact.associationChange',
        kind: 'associationChange',
        toObjectType: 'deal',
        toObjectId: 'd1',
        associationRemoved: false,
        ...over,
      });
    await storeBatch(
      t.db,
      [
        linked('10'),
        linked('20'), // a live contact, an erased one
        linked('30', { associationRemoved: true }),
        linked('40', { toObjectType: 'contact', toObjectId: '41' }),
        linked('50', { objectType: 'deal', toObjectType: 'contact', toObjectId: '51' }), // the deal's side: read with the contact
      ],
      [],
      NOW,
    );
    const links = await t.db.query<{ deal_id: string; contact_id: string }>(
      'select deal_id, contact_id from deal_contacts order by contact_id',
    );
    expect(links.rows).toEqual([{ deal_id: 'd1', contact_id: '10' }]);
  });

  it('storeBatch(quarantined raw JSON with NUL and lone surrogates) keeps it, escaped', async () => {
    const raw = JSON.parse('{"portalId":62515,"propertyValue":"a\\u0000b\\ud800"}');
    await storeBatch(t.db, [], [{ raw, reason: 'propertyValue: contains a NUL character', portalId: '62515' }], NOW);
    const q = await t.db.query<{ raw: { propertyValue: string } }>('select raw from quarantined_events');
    expect(q.rows[0]!.raw.propertyValue).toBe('a\\u0000b\\ud800');
  });
});

describe('storeBatch: what is kept and counted (pglite)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('pglite');
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    for (const table of ['webhook_events', 'quarantined_events', 'jobs', 'portals'])
      await t.db.query(`delete from ${table}`);
    await t.db.query(`insert into portals (portal_id, status) values ('62515', 'active')`);
  });

  const quarantinedRows = async () =>
    (
      await t.db.query<{ portal_id: string | null; reason: string }>(
        'select portal_id, reason from quarantined_events order by portal_id, reason',
      )
    ).rows;

  it('storeBatch(a refused event beside a duplicate, a portal not installed and unreadable quarantine) counts each outcome', async () => {
    await storeBatch(t.db, [event('1')], [], NOW);
    const result = await storeBatch(
      t.db,
      [event('1'), event('2', { eventId: 'e-\u0000' }), event('3', { portalId: '999' }), event('4')],
      [
        { raw: { portalId: 999 }, reason: 'of a portal not installed', portalId: '999' },
        { raw: { objectId: 5 }, reason: 'names no portal', portalId: null },
      ],
      NOW,
    );
    expect(result).toEqual({ stored: 1, duplicates: 1, quarantined: 2, notInstalled: 2 });
    const stored = await t.db.query<{ object_id: string }>('select object_id from webhook_events order by object_id');
    expect(stored.rows.map((r) => r.object_id)).toEqual(['1', '4']);
    expect(await quarantinedRows()).toEqual([
      { portal_id: '', reason: 'names no portal' },
      { portal_id: '62515', reason: expect.stringMatching(/^the database refused it: /) },
    ]);
  });

  it('storeBatch(nothing but quarantine of portals not installed) keeps nothing and counts them', async () => {
    const result = await storeBatch(t.db, [], [{ raw: {}, reason: 'bad', portalId: '999' }], NOW);
    expect(result).toEqual({ stored: 0, duplicates: 0, quarantined: 0, notInstalled: 1 });
    expect(await quarantinedRows()).toEqual([]);
  });

  it('storeBatch(a refused event, then a lost connection while storing one by one) fails the batch: nothing is quarantined as refused that was not', async () => {
    let inserts = 0;
    const db = interceptQueries(t.db, (sql) => {
      if (!sql.includes('insert into webhook_events')) return;
      inserts += 1;
      if (inserts === 2) throw new Error('connection lost (test)'); // the first event stored on its own
    });
    await expect(storeBatch(db, [event('1'), event('2', { eventId: 'e-\u0000' })], [], NOW)).rejects.toThrow(
      'connection lost (test)',
    );
    expect(await quarantinedRows()).toEqual([]);
  });

  it('storeBatch(a database error outside class 22, data exception) fails the batch: nothing is quarantined, the inbox retries it', async () => {
    const tooLong = Object.assign(new Error('identifier too long (test)'), { code: '42622' });
    let first = true;
    const db = interceptQueries(t.db, (sql) => {
      if (!first || !sql.includes('insert into webhook_events')) return;
      first = false;
      throw tooLong;
    });
    await expect(storeBatch(db, [event('1'), event('2')], [], NOW)).rejects.toThrow('identifier too long (test)');
    expect(await quarantinedRows()).toEqual([]);
    expect((await t.db.query('select object_id from webhook_events')).rows).toEqual([]);
  });

  it('storeBatch(events) makes their jobs due after the debounce and stores them as received', async () => {
    const receivedAt = new Date(NOW.getTime() - 5_000);
    await storeBatch(t.db, [event('1')], [{ raw: {}, reason: 'bad', portalId: '62515' }], NOW, {
      debounceMs: 2_000,
      receivedAt,
    });
    const jobs = await t.db.query<{ key: string; run_at: Date | string }>('select key, run_at from jobs');
    expect(jobs.rows.map((r) => [r.key, new Date(r.run_at).toISOString()])).toEqual([
      ['1', new Date(NOW.getTime() + 2_000).toISOString()],
    ]);
    const events = await t.db.query<{ received_at: Date | string }>('select received_at from webhook_events');
    const quarantined = await t.db.query<{ received_at: Date | string }>('select received_at from quarantined_events');
    expect([...events.rows, ...quarantined.rows].map((r) => new Date(r.received_at).toISOString())).toEqual([
      receivedAt.toISOString(),
      receivedAt.toISOString(),
    ]);
  });

  it('storeBatch(events) without a debounce or arrival time: jobs due now, events received now', async () => {
    await storeBatch(t.db, [event('1')], [], NOW);
    const jobs = await t.db.query<{ run_at: Date | string }>('select run_at from jobs');
    const events = await t.db.query<{ received_at: Date | string }>('select received_at from webhook_events');
    expect(
      [...jobs.rows.map((r) => r.run_at), ...events.rows.map((r) => r.received_at)].map((d) =>
        new Date(d).toISOString(),
      ),
    ).toEqual([NOW.toISOString(), NOW.toISOString()]);
  });
});
