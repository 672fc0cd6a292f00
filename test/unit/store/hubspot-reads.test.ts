import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import {
  forgetReads,
  freshReads,
  linksNotedKnown,
  markChanged,
  noteLinksKnown,
  pruneReads,
  rememberReads,
} from '../../../src/store/hubspot-reads.ts';

const PORTAL = '7';
const t0 = new Date('2026-12-07T10:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const MARGIN = 250;
const record = (id: string, firstname = 'Ada') => ({ id, properties: { firstname } });

describe('reads kept for a retry (hubspot_reads)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('pglite');
  });
  afterAll(async () => t.drop());
  beforeEach(async () => {
    await t.db.query('delete from hubspot_reads');
    await t.db.query('delete from webhook_events');
  });

  /** An event of the object, received at `receivedAt`, pending unless `processed`. */
  async function event(kind: 'contact' | 'deal', id: string, key: string, receivedAt: Date): Promise<void> {
    await t.db.query(
      `insert into webhook_events (portal_id, dedupe_key, event_id, subscription_type, kind, object_type, object_id, occurred_at, payload, received_at)
       values ($1, $2, '1', $3, 'propertyChange', $4, $5, $6, '{}', $6)`,
      [PORTAL, key, `${kind}.propertyChange`, kind, id, receivedAt.toISOString()],
    );
  }
  const fresh = (kind: 'contact' | 'deal', ids: string[], since?: Map<string, Date>) =>
    freshReads(t.db, PORTAL, kind, ids, { notBefore: at(-600_000), marginMs: MARGIN, since }).then((m) =>
      [...m.keys()].sort(),
    );

  it('reuses a read nothing changed since; an event received during or after it, or a later reason, makes it stale', async () => {
    await event('contact', '1', 'before', at(-5_000));
    await rememberReads(t.db, PORTAL, 'contact', [record('1'), record('2'), record('3'), record('4')], t0);
    await event('contact', '2', 'after', at(1_000));
    await event('contact', '3', 'within-margin', at(-100));
    expect(await fresh('contact', ['1', '2', '3', '4', '5'])).toEqual(['1', '4']);
    expect(await fresh('contact', ['1', '4'], new Map([['4', at(-100)]]))).toEqual(['1']);
    const kept = await freshReads(t.db, PORTAL, 'contact', ['1'], { notBefore: at(1), marginMs: MARGIN });
    expect(kept.size).toBe(0); // older than the oldest read worth reusing
  });

  it('an event processed since the read makes it stale, whether the read was stored before or after', async () => {
    await rememberReads(t.db, PORTAL, 'deal', [record('10')], t0);
    await event('deal', '10', 'd10', at(2_000));
    await event('deal', '11', 'd11', at(2_000));
    await markChanged(t.db, PORTAL, ['d10', 'd11']);
    await t.db.query('update webhook_events set processed_at = $1', [at(3_000).toISOString()]);
    // A read of deal 11 started before its event and stored after the deal job ran.
    await rememberReads(t.db, PORTAL, 'deal', [record('11')], t0);
    expect(await fresh('deal', ['10', '11'])).toEqual([]);
    // A read after the change holds.
    await rememberReads(t.db, PORTAL, 'deal', [record('11')], at(5_000));
    expect(await fresh('deal', ['10', '11'])).toEqual(['11']);
  });

  it('a finished job forgets its reads, a change stays noted', async () => {
    await rememberReads(t.db, PORTAL, 'contact', [record('1'), record('2')], t0);
    await event('contact', '2', 'c2', at(1_000));
    await markChanged(t.db, PORTAL, ['c2']);
    await forgetReads(t.db, PORTAL, 'contact', ['1', '2']);
    const rows = await t.db.query<{ object_id: string; record: unknown; changed_at: Date | null }>(
      'select object_id, record, changed_at from hubspot_reads order by object_id',
    );
    expect(rows.rows.map((r) => [r.object_id, r.record, r.changed_at !== null])).toEqual([['2', null, true]]);
    // An older read stored late loses to nothing and is still stale.
    await rememberReads(t.db, PORTAL, 'contact', [record('2')], t0);
    expect(await fresh('contact', ['2'])).toEqual([]);
  });

  it("a note that a contact's links are known lasts until a job forgets its reads, and is pruned with old reads", async () => {
    await rememberReads(t.db, PORTAL, 'contact', [record('1')], t0);
    await noteLinksKnown(t.db, PORTAL, ['1', '2', '3'], t0);
    await event('contact', '2', 'c2', at(1_000));
    await markChanged(t.db, PORTAL, ['c2']);
    expect([...(await linksNotedKnown(t.db, PORTAL, ['1', '2', '3', '4']))].sort()).toEqual(['1', '2', '3']);
    expect(await fresh('contact', ['1'])).toEqual(['1']); // the note leaves the read as it was
    await forgetReads(t.db, PORTAL, 'contact', ['1', '2']); // '2' keeps its row for the change
    expect([...(await linksNotedKnown(t.db, PORTAL, ['1', '2', '3']))]).toEqual(['3']);
    // A note left behind (a job that died for good) goes with the reads older than the prune's edge.
    expect(await pruneReads(t.db, at(500))).toBe(1);
    expect(await linksNotedKnown(t.db, PORTAL, ['3'])).toEqual(new Set());
  });
});
