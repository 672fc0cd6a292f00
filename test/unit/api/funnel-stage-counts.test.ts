import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { storeTimelines, type Path } from '../../helpers/store-timelines.ts';
import { computeFunnel } from '../../../src/api/funnel/compute-funnel.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import { saveContacts, type ContactRow } from '../../../src/store/contact-store.ts';
import { compactStageCounts } from '../../../src/store/stage-counts.ts';

const PORTAL = '62515';
const classic5 = presets['classic-5']!;
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

  it('compactStageCounts folds the ledger to one row per key and the funnel still matches a fresh count', async () => {
    const before = await fromFunnel(t);
    const rowsBefore = await ledgerRows(t);
    const left = await compactStageCounts(t.db, PORTAL);
    expect(left).toBeLessThan(rowsBefore);
    expect(await ledgerRows(t)).toBe(left);
    // one row per (model, stage, health) that is not zero
    const keys = await t.db.query<{ n: number }>(
      `select count(*)::int as n from (select 1 from contacts where portal_id = $1 and not deleted
         group by model_id, stage, coalesce(health, '')) k`,
      [PORTAL],
    );
    expect(left).toBe(keys.rows[0]!.n);
    expect(await fromFunnel(t)).toEqual(before);
    expect(await fromFunnel(t)).toEqual(await countedFromContacts(t));
  });

  it('writers and foldings running at once leave the counts exact', async () => {
    const moves = Array.from({ length: 8 }, (_, i) =>
      saveContacts(t.db, PORTAL, [row(`w${i}`, i % 2 ? 'purchase' : 'retention', '2026-03-27T00:00:00Z')], period.now),
    );
    await Promise.all([...moves, compactStageCounts(t.db, PORTAL), compactStageCounts(t.db, PORTAL)]);
    expect(await fromFunnel(t)).toEqual(await countedFromContacts(t));
    await compactStageCounts(t.db, PORTAL);
    expect(await fromFunnel(t)).toEqual(await countedFromContacts(t));
  });
});

describe('contact writes of one portal do not wait on each other for the stage counts (postgres)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('postgres');
    await storeTimelines(t.db, { portal: PORTAL, model: classic5.id }, paths);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('a derivation committing while another one, into the same stage, is still open neither blocks nor miscounts', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let opened: () => void = () => {};
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const first = t.db.transaction(async (tx) => {
      await saveContacts(tx, PORTAL, [row('x1', 'retention', '2026-03-28T00:00:00Z')], period.now);
      opened();
      await held; // still open: its counts' delta is written, not committed
    });
    await isOpen;
    const second = saveContacts(t.db, PORTAL, [row('x2', 'retention', '2026-03-29T00:00:00Z')], period.now);
    // Settled, or seen waiting on a lock: whichever comes first (an upserted counter row would wait).
    let settled = false;
    void second.then(() => (settled = true));
    for (;;) {
      if (settled) break;
      const waiting = await t.db.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      expect(waiting.rows[0]!.n, 'a contact write waits on a lock held by another open one').toBe(0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    release();
    await first;
    expect(await fromFunnel(t)).toEqual(await countedFromContacts(t));
  });
});

const ledgerRows = async (t: TestDb) =>
  (
    await t.db.query<{ n: number }>('select count(*)::int as n from contact_stage_counts where portal_id = $1', [
      PORTAL,
    ])
  ).rows[0]!.n;
