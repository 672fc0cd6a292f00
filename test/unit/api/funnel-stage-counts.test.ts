import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { storeTimelines, type Path } from '../../helpers/store-timelines.ts';
import { computeFunnel, type FunnelModel } from '../../../src/api/funnel/compute-funnel.ts';
import { saveContacts, type ContactRow } from '../../../src/store/contact-store.ts';

const PORTAL = '62515';
const classic5: FunnelModel = {
  id: 'classic-5',
  stages: ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'].map((id) => ({ id, label: id })),
};
const period = {
  portalId: PORTAL,
  model: classic5,
  from: new Date('2026-03-01T00:00:00Z'),
  to: new Date('2026-04-01T00:00:00Z'),
  now: new Date('2026-04-11T00:00:00Z'),
};

const paths: Path[] = [
  { contact: 'a1', path: 'awareness@2026-02-01', health: 'stuck' },
  { contact: 'a2', path: 'awareness@2026-03-01', health: 'on_track' },
  { contact: 'c1', path: 'awareness@2026-02-01 consideration@2026-03-02', health: 'stuck' },
  { contact: 'c2', path: 'awareness@2026-02-01 consideration@2026-03-05', health: 'behind' },
  { contact: 'p1', path: 'awareness@2026-02-01 consideration@2026-03-01 purchase@2026-03-09' },
  { contact: 'd1', path: 'awareness@2026-02-01 consideration@2026-03-02', deleted: true, health: 'stuck' },
  { contact: 'o1', path: 'awareness@2026-02-01', portal: '99999', health: 'stuck' },
];

/** current and stuck per stage counted afresh from the contacts table, as the funnel did before migration 0022. */
async function countedFromContacts(t: TestDb): Promise<Record<string, [number, number | undefined]>> {
  const rows = await t.db.query<{ stage: string; current: number; stuck: number }>(
    `select stage, count(*)::int as current, (count(*) filter (where health = 'stuck'))::int as stuck
       from contacts where portal_id = $1 and model_id = $2 and not deleted group by stage`,
    [PORTAL, classic5.id],
  );
  return Object.fromEntries(
    classic5.stages.map(({ id }) => {
      const row = rows.rows.find((r) => r.stage === id);
      return [id, [row?.current ?? 0, row?.stuck ?? 0]];
    }),
  );
}

async function fromFunnel(t: TestDb): Promise<Record<string, [number, number | undefined]>> {
  const funnel = await computeFunnel(t.db, period);
  return Object.fromEntries(funnel.stages.map((s) => [s.stage, [s.current, s.stuck]]));
}

const row = (contactId: string, stage: string, at: string, deleted = false): ContactRow => ({
  contactId,
  modelId: classic5.id,
  stage,
  stageEnteredAt: new Date(at),
  writtenStage: null,
  writtenEnteredAt: null,
  nextChangeAt: null,
  evidence: { contact: { id: contactId, properties: {} }, deals: [] },
  deleted,
  highestStage: stage,
  highestEnteredAt: new Date(at),
  writtenHighestStage: null,
});

// The funnel's current and stuck come from counts kept by a trigger on contacts (migration
// 0022): every way a contact row changes must leave them equal to a fresh count.
describe.each(dbKinds)('computeFunnel current and stuck follow every contact write (%s)', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
    await storeTimelines(t.db, { portal: PORTAL, model: classic5.id }, paths);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('computeFunnel(stored contacts) counts them per stage, deleted ones and other portals left out', async () => {
    expect(await fromFunnel(t)).toEqual({
      awareness: [2, 1],
      consideration: [2, 1],
      purchase: [1, 0],
      retention: [0, 0],
      advocacy: [0, 0],
    });
    expect(await fromFunnel(t)).toEqual(await countedFromContacts(t));
  });

  it('computeFunnel(after a derivation moves, regresses and adds contacts) counts them where they are now', async () => {
    await saveContacts(
      t.db,
      PORTAL,
      [
        row('a1', 'consideration', '2026-03-20T00:00:00Z'),
        row('p1', 'consideration', '2026-03-25T00:00:00Z'),
        row('n1', 'retention', '2026-03-26T00:00:00Z'),
      ],
      period.now,
    );
    const counts = await fromFunnel(t);
    expect(counts.retention).toEqual([1, 0]);
    expect(counts.purchase).toEqual([0, 0]);
    expect(counts).toEqual(await countedFromContacts(t));
  });

  it('computeFunnel(after health refreshes, deletions, restores, erasures and a model change) matches a fresh count', async () => {
    await t.db.query(`update contacts set health = 'stuck' where portal_id = $1 and contact_id = any($2::text[])`, [
      PORTAL,
      ['c2', 'n1'],
    ]);
    expect((await fromFunnel(t)).retention).toEqual([1, 1]);
    await t.db.query('update contacts set deleted = true where portal_id = $1 and contact_id = $2', [PORTAL, 'c1']);
    await t.db.query('update contacts set deleted = false where portal_id = $1 and contact_id = $2', [PORTAL, 'd1']);
    await t.db.query('delete from contacts where portal_id = $1 and contact_id = $2', [PORTAL, 'a2']);
    await t.db.query(`update contacts set model_id = 'interest-6' where portal_id = $1 and contact_id = $2`, [
      PORTAL,
      'p1',
    ]);
    // one statement that changes nothing counted
    await t.db.query(`update contacts set written_stage = stage where portal_id = $1`, [PORTAL]);
    expect(await fromFunnel(t)).toEqual({
      awareness: [0, 0],
      consideration: [3, 3],
      purchase: [0, 0],
      retention: [1, 1],
      advocacy: [0, 0],
    });
    expect(await fromFunnel(t)).toEqual(await countedFromContacts(t));
  });
});
