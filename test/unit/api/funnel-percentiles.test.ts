import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { storeTimelines, type Path } from '../../helpers/store-timelines.ts';
import { computeFunnel, type FunnelModel } from '../../../src/api/funnel/compute-funnel.ts';
import { kaplanMeierQuantiles } from '../../../src/analytics/kaplan-meier.ts';

const PORTAL = '62515';
const classic5: FunnelModel = {
  id: 'classic-5',
  stages: ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'].map((id) => ({ id, label: id })),
};
const march = {
  portalId: PORTAL,
  model: classic5,
  from: new Date('2026-03-01T00:00:00Z'),
  to: new Date('2026-04-01T00:00:00Z'),
  now: new Date('2026-04-11T00:00:00Z'),
};

/**
 * Every contact is aware since February, so the March stays are in consideration and later.
 * Consideration stays begun in March: ended after 2.5 (p1), 4 (p2), 6 (p3, by a regression),
 * 8 and 10 (p5, who came back), 12 (p8); still going: 11 (p7) and 32 (p4) days at `now`.
 */
const paths: Path[] = [
  { contact: 'p1', path: 'awareness@2026-02-01 consideration@2026-03-01 purchase@2026-03-03T12:00' },
  { contact: 'p2', path: 'awareness@2026-02-01 consideration@2026-03-02 purchase@2026-03-06', health: 'stuck' },
  { contact: 'p3', path: 'awareness@2026-02-01 consideration@2026-03-05 -awareness@2026-03-11', health: 'behind' },
  { contact: 'p4', path: 'awareness@2026-02-01 consideration@2026-03-10', health: 'stuck' },
  {
    contact: 'p5',
    path: 'awareness@2026-02-01 consideration@2026-03-01 purchase@2026-03-09 -consideration@2026-03-20 purchase@2026-03-30',
  },
  // began before the period: not counted
  { contact: 'p6', path: 'awareness@2026-01-01 consideration@2026-02-20 purchase@2026-03-05' },
  { contact: 'p7', path: 'awareness@2026-02-01 consideration@2026-03-31', health: 'stuck' },
  { contact: 'p8', path: 'awareness@2026-02-01 consideration@2026-03-12 purchase@2026-03-24', health: 'on_track' },
  // deleted, and another portal: nowhere
  {
    contact: 'd1',
    path: 'awareness@2026-02-01 consideration@2026-03-02 purchase@2026-03-03',
    deleted: true,
    health: 'stuck',
  },
  {
    contact: 'o1',
    path: 'awareness@2026-02-01 consideration@2026-03-01 purchase@2026-03-02',
    portal: '99999',
    health: 'stuck',
  },
];

const percentiles = (stage: {
  p50DaysInStage?: number | null;
  p75DaysInStage?: number | null;
  p90DaysInStage?: number | null;
  stuck?: number;
}) => [stage.p50DaysInStage, stage.p75DaysInStage, stage.p90DaysInStage, stage.stuck];

describe.each(dbKinds)('computeFunnel percentiles and stuck (%s)', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
    await storeTimelines(t.db, { portal: PORTAL, model: classic5.id }, paths);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('computeFunnel(March) gives Kaplan–Meier p50/p75/p90 of the stays begun in March, ongoing ones censored at now, and stuck counts', async () => {
    const funnel = await computeFunnel(t.db, march);
    expect(Object.fromEntries(funnel.stages.map((s) => [s.stage, percentiles(s)]))).toEqual({
      // p3's stay since 11 March (31 days, going on): no stay ended
      awareness: [null, null, null, 0],
      // at risk 8: S(2.5) = 7/8, S(4) = 6/8, S(6) = 5/8, S(8) = 4/8 → p50 = 8; S(10) = 3/8;
      // 11 censored; at risk 2: S(12) = 3/16 ≤ 1/4 → p75 = 12; 32 censored: S never ≤ 0.1
      consideration: [8, 12, null, 2],
      // ended 11 (p5); still going 12, 18, 36, 38.5: S(11) = 4/5, nothing lower
      purchase: [null, null, null, 1],
      retention: [null, null, null, 0],
      advocacy: [null, null, null, 0],
    });
  });

  it('computeFunnel agrees with kaplanMeierQuantiles (the estimator of stage health) on the same stays', async () => {
    const funnel = await computeFunnel(t.db, march);
    const consideration = kaplanMeierQuantiles(
      [2.5, 4, 6, 8, 10, 12]
        .map((days) => ({ days, ended: 1, ongoing: 0 }))
        .concat([11, 32].map((days) => ({ days, ended: 0, ongoing: 1 }))),
    );
    expect(percentiles(funnel.stages[1]!).slice(0, 3)).toEqual([
      consideration.p50,
      consideration.p75,
      consideration.p90,
    ]);
  });

  it('computeFunnel(a period where stays are short and fractional) rounds the quantiles to one decimal', async () => {
    // Only p1's consideration stay (1–2 March, 2.5 days, ended) began on 1 March besides p5's (8 days)
    const funnel = await computeFunnel(t.db, { ...march, to: new Date('2026-03-02T00:00:00Z') });
    expect(percentiles(funnel.stages[1]!)).toEqual([2.5, 8, 8, 2]);
  });

  it('computeFunnel(another portal) counts only its own stays and stuck contacts', async () => {
    const funnel = await computeFunnel(t.db, { ...march, portalId: '99999' });
    expect(percentiles(funnel.stages[1]!)).toEqual([1, 1, 1, 0]);
    expect(funnel.stages[2]!.stuck).toBe(1);
  });
});
