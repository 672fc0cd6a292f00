import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { computeFunnel, type FunnelModel } from '../../../src/api/funnel/compute-funnel.ts';

// The funnel reads what came next on each contact's path from columns that migration 0003's
// triggers keep up to date, whatever statement writes the entries. These tests write entries
// the way the service may (one append at a time, late entries, erasure) and read the funnel.
const model: FunnelModel = {
  id: 'classic-5',
  stages: [
    { id: 'awareness', label: 'Awareness' },
    { id: 'consideration', label: 'Consideration' },
    { id: 'purchase', label: 'Purchase' },
  ],
};
const march = {
  portalId: '62515',
  model,
  from: new Date('2026-03-01T00:00:00Z'),
  to: new Date('2026-04-01T00:00:00Z'),
  now: new Date('2026-04-20T00:00:00Z'),
};

const figures = async (t: TestDb) =>
  (await computeFunnel(t.db, march)).stages.map((s) => [s.stage, s.entered, s.conversionToNext, s.medianDaysInStage]);

describe.each(dbKinds)('timeline walk behind computeFunnel (%s)', (kind) => {
  let t: TestDb;
  const append = (seq: number, stage: string, day: string) =>
    t.db.query(
      `insert into timeline_entries (portal_id, contact_id, seq, stage, entered_at, direction, model_id, entry)
       values ('62515', 'x', $1, $2, $3, 'advance', 'classic-5', '{}')`,
      [seq, stage, `2026-03-${day}T00:00:00Z`],
    );
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  beforeEach(async () => {
    await t.db.query('delete from timeline_entries');
    // Appended one statement at a time; consideration arrives last but dates from between the two.
    await append(0, 'awareness', '01');
    await append(1, 'purchase', '21');
    await append(2, 'consideration', '11');
  });
  afterAll(async () => {
    await t.drop();
  });

  it('computeFunnel(an entry appended late, dated before the one appended before it) follows the dates, not the append order', async () => {
    expect(await figures(t)).toEqual([
      ['awareness', 1, 1, 10],
      ['consideration', 1, 1, 10],
      ['purchase', 1, null, null],
    ]);
  });

  it('computeFunnel(after one entry is deleted) joins the stays on either side of it', async () => {
    await t.db.query(`delete from timeline_entries where contact_id = 'x' and stage = 'consideration'`);
    expect(await figures(t)).toEqual([
      ['awareness', 1, 1, 20],
      ['consideration', 0, null, null],
      ['purchase', 1, null, null],
    ]);
  });

  it('computeFunnel(after an entry is re-dated) measures the stays from the new date', async () => {
    await t.db.query(
      `update timeline_entries set entered_at = '2026-03-05T00:00:00Z' where contact_id = 'x' and stage = 'consideration'`,
    );
    expect(await figures(t)).toEqual([
      ['awareness', 1, 1, 4],
      ['consideration', 1, 1, 16],
      ['purchase', 1, null, null],
    ]);
  });

  it('computeFunnel(after a contact is erased) no longer counts it', async () => {
    await t.db.query(`delete from timeline_entries where contact_id = 'x'`);
    expect(await figures(t)).toEqual([
      ['awareness', 0, null, null],
      ['consideration', 0, null, null],
      ['purchase', 0, null, null],
    ]);
  });
});
