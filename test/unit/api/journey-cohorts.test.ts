import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { storeTimelines, type Path } from '../../helpers/store-timelines.ts';
import type { FunnelModel } from '../../../src/api/funnel/compute-funnel.ts';
import { computeCohorts } from '../../../src/api/analytics/compute-cohorts.ts';

const PORTAL = '62515';
const classic5: FunnelModel = {
  id: 'classic-5',
  stages: ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'].map((id) => ({ id, label: id })),
};

const paths: Path[] = [
  // January cohort
  { contact: 'k1', path: 'awareness@2026-01-05 consideration@2026-01-20 purchase@2026-03-01' }, // consideration day 15, purchase day 55
  { contact: 'k2', path: 'awareness@2026-01-10 purchase@2026-01-12 -consideration@2026-01-20' }, // skipped to purchase on day 2, then fell back
  { contact: 'k3', path: 'awareness@2026-01-31T23:00 consideration@2026-05-01T23:00' }, // January in UTC; consideration exactly on day 90
  { contact: 'k4', path: 'purchase@2026-01-15 retention@2026-04-20' }, // a customer from the start; retention on day 95
  // February cohort
  { contact: 'k5', path: 'awareness@2026-02-01' },
  { contact: 'k9', path: 'awareness@2026-02-10' },
  {
    contact: 'k10',
    path: 'awareness@2026-02-15 consideration@2026-02-20 -awareness@2026-02-25 consideration@2026-03-20',
  }, // re-entry: the first one counts
  // journey began in December: in no cohort of the period, whatever came later
  { contact: 'k6', path: 'awareness@2025-12-20 consideration@2026-01-10' },
  // deleted, another portal: nowhere
  { contact: 'k7', path: 'awareness@2026-01-03', deleted: true },
  { contact: 'k8', path: 'awareness@2026-01-04', portal: '99999' },
];
// k9 was derived under an older model in January: its classic-5 journey began in February.
const olderModel: Path = { contact: 'k9', path: 'awareness@2026-01-02', model: 'lifecycle-7' };

const zero = { '30': 0, '60': 0, '90': 0 };

describe.each(dbKinds)('computeCohorts (%s)', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
    await storeTimelines(t.db, { portal: PORTAL, model: classic5.id }, paths);
    // the older model's entries come later in k9's sequence
    await t.db.query(
      `insert into timeline_entries (portal_id, contact_id, seq, stage, entered_at, direction, model_id, entry)
                      values ($1, 'k9', 10, 'awareness', '2026-01-02T00:00:00Z', 'advance', $2, '{}')`,
      [PORTAL, olderModel.model],
    );
  });
  afterAll(async () => {
    await t.drop();
  });

  it('computeCohorts(January–March) groups contacts by the UTC month of their first entry and gives the share reaching each later stage within 30/60/90 days', async () => {
    const cohorts = await computeCohorts(t.db, {
      portalId: PORTAL,
      model: classic5,
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-04-01T00:00:00Z'),
    });
    expect(cohorts).toEqual([
      {
        start: '2026-01-01',
        size: 4,
        reached: {
          // k1 k2 (by skipping) k4 within 30 days; k3 on day 90
          consideration: { '30': 0.75, '60': 0.75, '90': 1 },
          // k2 k4 within 30; k1 on day 55
          purchase: { '30': 0.5, '60': 0.75, '90': 0.75 },
          // k4 on day 95: too late
          retention: zero,
          advocacy: zero,
        },
      },
      // k5 k9 k10; k10 considered on day 5
      {
        start: '2026-02-01',
        size: 3,
        reached: {
          consideration: { '30': 0.3333, '60': 0.3333, '90': 0.3333 },
          purchase: zero,
          retention: zero,
          advocacy: zero,
        },
      },
      {
        start: '2026-03-01',
        size: 0,
        reached: Object.fromEntries(
          ['consideration', 'purchase', 'retention', 'advocacy'].map((s) => [
            s,
            { '30': null, '60': null, '90': null },
          ]),
        ),
      },
    ]);
  });

  it('computeCohorts(a period starting mid-month) counts only journeys begun in the period', async () => {
    const cohorts = await computeCohorts(t.db, {
      portalId: PORTAL,
      model: classic5,
      from: new Date('2026-01-11T00:00:00Z'),
      to: new Date('2026-02-11T00:00:00Z'),
    });
    // January: k3 and k4 (k1 and k2 began before the 11th); February: k5 and k9
    expect(cohorts.map((c) => [c.start, c.size, c.reached.purchase])).toEqual([
      ['2026-01-01', 2, { '30': 0.5, '60': 0.5, '90': 0.5 }],
      ['2026-02-01', 2, zero],
    ]);
  });

  it('computeCohorts(another portal) sees only its own contacts', async () => {
    const cohorts = await computeCohorts(t.db, {
      portalId: '99999',
      model: classic5,
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-02-01T00:00:00Z'),
    });
    expect(cohorts.map((c) => [c.start, c.size])).toEqual([['2026-01-01', 1]]);
  });

  it('computeCohorts follows later appends: a contact whose timeline is merged away leaves its cohort', async () => {
    await t.db.query(`delete from timeline_entries where portal_id = $1 and contact_id = 'k5'`, [PORTAL]);
    const cohorts = await computeCohorts(t.db, {
      portalId: PORTAL,
      model: classic5,
      from: new Date('2026-02-01T00:00:00Z'),
      to: new Date('2026-03-01T00:00:00Z'),
    });
    expect(cohorts[0]!.size).toBe(2);
  });
});
