import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { computeFunnel, type FunnelModel } from '../../../src/api/funnel/compute-funnel.ts';
import { Funnel } from '@journey-stages/contract/funnel-schema';
import type { Queryable } from '../../../src/store/db.ts';

const PORTAL = '62515';
const classic5: FunnelModel = {
  id: 'classic-5',
  label: 'Classic (5 stages)',
  stages: [
    { id: 'awareness', label: 'Awareness' },
    { id: 'consideration', label: 'Consideration' },
    { id: 'purchase', label: 'Purchase' },
    { id: 'retention', label: 'Retention' },
    { id: 'advocacy', label: 'Advocacy' },
  ],
};
const march = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
// Stays still going are censored at this instant.
const now = new Date('2026-04-20T00:00:00Z');

type Path = { contact: string; path: string; current?: string; deleted?: boolean; model?: string; portal?: string };

/**
 * Hand-written timelines. `path` lists "stage@time" in the order appended; a leading "-"
 * marks a regression entry. The contact's current stage is the last entry unless given.
 */
const contacts: Path[] = [
  // straight through; its purchase → retention happened after the period (still a conversion)
  {
    contact: 'c1',
    path: 'awareness@2026-02-10 consideration@2026-03-05 purchase@2026-03-15T12:00 retention@2026-04-14',
  },
  // bought, then the deal was lost: regression back to consideration, current there
  {
    contact: 'c2',
    path: 'awareness@2026-01-01 consideration@2026-01-20 purchase@2026-03-10 -consideration@2026-03-20',
  },
  // skipped consideration (a customer from the start)
  { contact: 'c3', path: 'awareness@2026-03-02 purchase@2026-03-03' },
  // reached the last stage in the period
  {
    contact: 'c4',
    path: 'awareness@2025-12-01 consideration@2025-12-15 purchase@2026-01-10 retention@2026-02-09 advocacy@2026-03-25',
  },
  // created exactly at `from`: counts
  { contact: 'c5', path: 'awareness@2026-03-01' },
  // in and out of consideration and purchase twice in the period: each contact counts once
  {
    contact: 'c6',
    path: 'awareness@2026-02-01 consideration@2026-03-03 purchase@2026-03-06 -consideration@2026-03-08 purchase@2026-03-18',
  },
  // deleted in HubSpot: nowhere
  { contact: 'c7', path: 'awareness@2026-03-05 consideration@2026-03-06', deleted: true },
  // still under the previous model (not re-derived yet): nowhere
  { contact: 'c8', path: 'awareness@2026-03-05 interest@2026-03-07', model: 'interest-6' },
  // another portal: nowhere
  { contact: 'c9', path: 'awareness@2026-03-10 consideration@2026-03-11', portal: '99999' },
  // nothing in the period: current only
  { contact: 'c10', path: 'awareness@2025-06-01 consideration@2025-07-01' },
  // created exactly at `to`: not in the period
  { contact: 'c11', path: 'awareness@2026-04-01' },
  // left awareness exactly at `to`: that stay did not end in the period
  { contact: 'c12', path: 'awareness@2026-02-20 consideration@2026-04-01' },
];
// c1 also has entries of an older model, ignored by the funnel of classic-5.
const olderModel: Path = { contact: 'c1', path: 'awareness@2026-03-01 decision@2026-03-02', model: 'lifecycle-7' };

async function store(db: Queryable, paths: Path[]): Promise<void> {
  const entries: object[] = [];
  const rows: object[] = [];
  for (const p of paths) {
    const portal_id = p.portal ?? PORTAL;
    const model_id = p.model ?? classic5.id;
    const steps = p.path.split(' ').map((step, i) => {
      const [stage, at] = step.replace(/^-/, '').split('@') as [string, string];
      const entered_at = at.length === 10 ? `${at}T00:00:00Z` : `${at}:00Z`;
      const direction = step.startsWith('-') ? 'regression' : 'advance';
      return {
        portal_id,
        contact_id: p.contact,
        seq: (p === olderModel ? 100 : 0) + i,
        stage,
        entered_at,
        direction,
        model_id,
      };
    });
    entries.push(...steps);
    const last = steps[steps.length - 1]!;
    if (p !== olderModel)
      rows.push({
        portal_id,
        contact_id: p.contact,
        model_id,
        stage: p.current ?? last.stage,
        stage_entered_at: last.entered_at,
        deleted: p.deleted ?? false,
      });
  }
  // One statement for every contact, as a batch of appends arrives.
  await db.query(
    `insert into timeline_entries (portal_id, contact_id, seq, stage, entered_at, direction, model_id, entry)
     select x.portal_id, x.contact_id, x.seq, x.stage, x.entered_at, x.direction, x.model_id, '{}'::jsonb
       from jsonb_to_recordset($1::jsonb) as x(portal_id text, contact_id text, seq int, stage text, entered_at timestamptz, direction text, model_id text)`,
    [JSON.stringify(entries)],
  );
  await db.query(
    `insert into contacts (portal_id, contact_id, model_id, stage, stage_entered_at, deleted, evidence, updated_at)
     select x.portal_id, x.contact_id, x.model_id, x.stage, x.stage_entered_at, x.deleted, '{}'::jsonb, x.stage_entered_at
       from jsonb_to_recordset($1::jsonb) as x(portal_id text, contact_id text, model_id text, stage text, stage_entered_at timestamptz, deleted boolean)`,
    [JSON.stringify(rows)],
  );
}

// The funnel figures (docs/api.md); the percentiles and stuck counts are checked in funnel-percentiles.test.ts.
const byStage = (funnel: Funnel) =>
  Object.fromEntries(
    funnel.stages.map(({ stage, current, entered, conversionToNext, medianDaysInStage }) => [
      stage,
      { current, entered, conversionToNext, medianDaysInStage },
    ]),
  );

describe.each(dbKinds)('computeFunnel (%s)', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
    await store(t.db, [...contacts, olderModel]);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('computeFunnel(March, hand-computed timelines) gives every figure of every stage, in model order', async () => {
    const funnel = await computeFunnel(t.db, { now, portalId: PORTAL, model: classic5, ...march });
    expect(Funnel.parse(funnel)).toEqual(funnel);
    expect(funnel.stages.map((s) => s.stage)).toEqual([
      'awareness',
      'consideration',
      'purchase',
      'retention',
      'advocacy',
    ]);
    expect(byStage(funnel)).toEqual({
      // current: c5 c11 | c2 c10 c12 | c3 c6 | c1 | c4
      // entered: c3 c5 | c1 c2 c6 | c1 c2 c3 c6 | none | c4
      // converted: c3 of 2 | c1 c6 of 3 | c1 of 4 | — | last stage
      // stays ended in March: awareness 23 (c1), 1 (c3), 30 (c6) | consideration 10.5 (c1), 49 (c2), 3 and 10 (c6)
      //   | purchase 10 (c2), 2 (c6) | retention 44 (c4) | advocacy none
      awareness: { current: 2, entered: 2, conversionToNext: 0.5, medianDaysInStage: 23 },
      consideration: { current: 3, entered: 3, conversionToNext: 0.6667, medianDaysInStage: 10.3 },
      purchase: { current: 2, entered: 4, conversionToNext: 0.25, medianDaysInStage: 6 },
      retention: { current: 1, entered: 0, conversionToNext: null, medianDaysInStage: 44 },
      advocacy: { current: 1, entered: 1, conversionToNext: null, medianDaysInStage: null },
    });
  });

  it("computeFunnel's planner settings (no JIT, parallel costs) stay in its own transaction", async () => {
    await computeFunnel(t.db, { now, portalId: PORTAL, model: classic5, ...march });
    // a setting changed for the session, not the transaction, differs from the value RESET gives
    const changed = await t.db.query(
      `select name from pg_settings where name in ('jit', 'parallel_setup_cost', 'parallel_tuple_cost') and setting <> reset_val`,
    );
    expect(changed.rows).toEqual([]);
  });

  it('computeFunnel(a regression) counts the contact as current in the lower stage and its fall as no conversion', async () => {
    const funnel = byStage(
      await computeFunnel(t.db, {
        now,
        portalId: PORTAL,
        model: classic5,
        from: new Date('2026-03-10T00:00:00Z'),
        to: new Date('2026-03-11T00:00:00Z'),
      }),
    );
    // only c2's purchase entry lies in this day; it was followed by consideration, a lower stage
    expect(funnel.purchase).toEqual({ current: 2, entered: 1, conversionToNext: 0, medianDaysInStage: null });
    expect(funnel.consideration!.current).toBe(3);
  });

  it('computeFunnel(an empty period) keeps current counts and gives 0 entered, null conversions and medians', async () => {
    const funnel = await computeFunnel(t.db, {
      now,
      portalId: PORTAL,
      model: classic5,
      from: new Date('2027-01-01T00:00:00Z'),
      to: new Date('2027-02-01T00:00:00Z'),
    });
    expect(funnel.stages.map((s) => [s.current, s.entered, s.conversionToNext, s.medianDaysInStage])).toEqual([
      [2, 0, null, null],
      [3, 0, null, null],
      [2, 0, null, null],
      [1, 0, null, null],
      [1, 0, null, null],
    ]);
  });

  it("computeFunnel(the previous model) shows only that model's entries and contacts", async () => {
    const interest6: FunnelModel = {
      id: 'interest-6',
      stages: [
        { id: 'awareness', label: 'Awareness' },
        { id: 'interest', label: 'Interest' },
      ],
    };
    const funnel = byStage(await computeFunnel(t.db, { now, portalId: PORTAL, model: interest6, ...march }));
    expect(funnel).toEqual({
      awareness: { current: 0, entered: 1, conversionToNext: 1, medianDaysInStage: 2 },
      interest: { current: 1, entered: 1, conversionToNext: null, medianDaysInStage: null },
    });
  });

  it("computeFunnel(another portal) sees only that portal's contacts", async () => {
    const funnel = byStage(await computeFunnel(t.db, { now, portalId: '99999', model: classic5, ...march }));
    expect(funnel.awareness).toEqual({ current: 0, entered: 1, conversionToNext: 1, medianDaysInStage: 1 });
    expect(funnel.consideration).toEqual({ current: 1, entered: 1, conversionToNext: 0, medianDaysInStage: null });
    expect(funnel.purchase!.entered + funnel.retention!.entered + funnel.advocacy!.entered).toBe(0);
  });
});
