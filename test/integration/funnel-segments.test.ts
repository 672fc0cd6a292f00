import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { storeTimelines, type Path } from '../helpers/store-timelines.ts';
import { computeFunnel, type FunnelModel } from '../../src/api/funnel/compute-funnel.ts';
import { computeSegments } from '../../src/api/funnel/compute-segments.ts';
import type { FunnelStage } from '@journey-stages/contract/funnel-schema';

const model: FunnelModel = {
  id: 'classic-5',
  stages: ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'].map((id) => ({ id, label: id })),
};
const from = new Date('2026-03-01T00:00:00Z');
const to = new Date('2026-04-01T00:00:00Z');
// Stays still going are censored here: 11 April.
const now = new Date('2026-04-11T00:00:00Z');

/**
 * Portal 62515. hs_persona as dated values (migration 0019) and as the last read evidence:
 * - c1 moved from persona_1 to persona_2 on 10 March: awareness and consideration (entered
 *   before) count in persona_1, purchase (15 March, after) and its current stay in persona_2;
 * - c2 (persona_2) fell back to awareness on 8 March and re-entered consideration on 12 March;
 * - c3 has persona_1 since 1 March (a change event's date), still aware: censored at 39 days;
 * - c4 has no dated values (stored before the sync kept them): counted in its evidence, persona_1;
 * - c5 got persona_2 on 20 March, after it entered awareness on 2 March: no value then;
 * - c6 is deleted.
 * Portal 99999 has a c1 too, with persona_2 from 2 March: it must not leak into 62515.
 */
const paths: Path[] = [
  {
    contact: 'c1',
    path: 'awareness@2026-03-01 consideration@2026-03-05 purchase@2026-03-15',
    properties: { hs_persona: 'persona_2' },
  },
  {
    contact: 'c2',
    path: 'awareness@2026-03-02 consideration@2026-03-04 -awareness@2026-03-08 consideration@2026-03-12',
    health: 'behind',
    properties: { hs_persona: 'persona_2' },
  },
  { contact: 'c3', path: 'awareness@2026-03-03', health: 'stuck', properties: { hs_persona: 'persona_1' } },
  { contact: 'c4', path: 'awareness@2026-03-06', properties: { hs_persona: 'persona_1' } },
  { contact: 'c5', path: 'awareness@2026-03-02', properties: { hs_persona: 'persona_2' } },
  { contact: 'c6', path: 'awareness@2026-03-02', deleted: true, properties: { hs_persona: 'persona_1' } },
  {
    contact: 'c1',
    portal: '99999',
    path: 'awareness@2026-03-01 consideration@2026-03-02',
    properties: { hs_persona: 'persona_2' },
  },
];
const SEGMENT_VALUES = `insert into contact_segment_values (portal_id, contact_id, property, value, since) values
  ('62515', 'c1', 'hs_persona', 'persona_1', '-infinity'),
  ('62515', 'c1', 'hs_persona', 'persona_2', '2026-03-10T00:00:00Z'),
  ('62515', 'c2', 'hs_persona', 'persona_2', '-infinity'),
  ('62515', 'c3', 'hs_persona', 'persona_1', '2026-03-01T00:00:00Z'),
  ('62515', 'c5', 'hs_persona', 'persona_2', '2026-03-20T00:00:00Z'),
  ('62515', 'c6', 'hs_persona', 'persona_1', '-infinity'),
  ('99999', 'c1', 'hs_persona', 'persona_2', '2026-03-02T00:00:00Z')`;

const none = {
  current: 0,
  entered: 0,
  conversionToNext: null,
  medianDaysInStage: null,
  p50DaysInStage: null,
  p75DaysInStage: null,
  p90DaysInStage: null,
  stuck: 0,
  movers: { count: 0, p50Days: null, p75Days: null, p90Days: null },
};
const movers = (...days: [number, number, number, number]) => ({
  count: days[0],
  p50Days: days[1],
  p75Days: days[2],
  p90Days: days[3],
});
const row = (stage: string, figures: Partial<FunnelStage>): FunnelStage => ({ stage, ...none, ...figures });

describe.each(dbKinds)('computeSegments counts each stay in the segment the contact had when it began (%s)', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
    await storeTimelines(t.db, { portal: '62515', model: 'classic-5' }, paths);
    await t.db.query(SEGMENT_VALUES);
  });
  afterAll(async () => t.drop());

  it('computeSegments(hs_persona): a funnel per value held at stage entry, most current first', async () => {
    const segments = await computeSegments(t.db, { portalId: '62515', model, from, to, now }, 'hs_persona');
    expect(segments.map((s) => [s.value, s.label])).toEqual([
      ['persona_1', 'persona_1'],
      ['persona_2', 'persona_2'],
      ['', '(no value)'],
    ]);
    const [persona1, persona2, noValue] = segments;
    expect(persona1!.stages).toEqual([
      // c1 (moved on after 4 days), c3 (39 days so far), c4 (36 so far): S(4) = 2/3, never down to 1/2
      row('awareness', {
        current: 2,
        entered: 3,
        conversionToNext: 0.3333,
        medianDaysInStage: 4,
        stuck: 1,
        movers: movers(1, 4, 4, 4),
      }),
      // c1 before its change: 10 days, ended
      row('consideration', {
        entered: 1,
        conversionToNext: 1,
        medianDaysInStage: 10,
        p50DaysInStage: 10,
        p75DaysInStage: 10,
        p90DaysInStage: 10,
        movers: movers(1, 10, 10, 10),
      }),
      row('purchase', {}),
      row('retention', {}),
      row('advocacy', {}),
    ]);
    expect(persona2!.stages).toEqual([
      // c2's first entry (2 days) and its re-entry after the regression (4 days):
      // one contact entered, both stays count, and both ended by moving forward
      row('awareness', {
        entered: 1,
        conversionToNext: 1,
        medianDaysInStage: 3,
        p50DaysInStage: 2,
        p75DaysInStage: 4,
        p90DaysInStage: 4,
        movers: movers(2, 2, 4, 4),
      }),
      // c2: 4 days, then back since 12 March (30 days so far, censored); no later stage after it,
      // and its stay ended by a regression: no mover
      row('consideration', { current: 1, entered: 1, conversionToNext: 0, medianDaysInStage: 4, p50DaysInStage: 4 }),
      // c1 after its change: 27 days so far
      row('purchase', { current: 1, entered: 1, conversionToNext: 0 }),
      row('retention', {}),
      row('advocacy', {}),
    ]);
    // c5 had no persona when it entered awareness, nor now in that same stay
    expect(noValue!.stages[0]).toEqual(row('awareness', { current: 1, entered: 1, conversionToNext: 0 }));
  });

  it('computeFunnel without a segment: each contact of the portal once, none of the other', async () => {
    const funnel = await computeFunnel(t.db, { portalId: '62515', model, from, to, now });
    expect(funnel.stages.map((s) => [s.current, s.entered])).toEqual([
      [3, 5],
      [1, 2],
      [1, 1],
      [0, 0],
      [0, 0],
    ]);
  });

  it('computeSegments for a property without dated values counts contacts in their stored evidence', async () => {
    const segments = await computeSegments(t.db, { portalId: '62515', model, from, to, now }, 'lifecyclestage');
    expect(segments.map((s) => s.value)).toEqual(['']);
    expect(segments[0]!.stages.map((s) => s.entered)).toEqual([5, 2, 1, 0, 0]);
  });
});
