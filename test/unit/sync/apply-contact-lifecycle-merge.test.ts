import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { applyContactLifecycle } from '../../../src/sync/apply-contact-lifecycle.ts';
import { appendEntries, loadTimelines } from '../../../src/store/timeline-store.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import type { TimelineEntry } from '@journey-stages/contract/journey';
import type { PendingEvent } from '../../../src/store/pending-events.ts';

const PORTAL = '62515';
const model = presets['classic-5']!;
const entry = (stage: string, enteredAt: string, direction: TimelineEntry['direction'] = 'advance'): TimelineEntry => ({
  stage,
  enteredAt,
  direction,
  reason: `${stage} reason`,
  evidence: [],
  model: 'classic-5',
  skipped: [],
});
const merge: PendingEvent = {
  kind: 'merge',
  objectType: 'contact',
  format: 'generic',
  portalId: PORTAL,
  objectId: '101',
  occurredAt: Date.parse('2026-04-01T09:00:00.000Z'),
  eventId: '9001',
  subscriptionType: 'object.merge',
  subscriptionId: null,
  appId: null,
  attemptNumber: 0,
  changeSource: null,
  sourceId: null,
  primaryObjectId: '101',
  mergedObjectIds: ['102'],
  newObjectId: '104',
  numberOfPropertiesMoved: 12,
  dedupeKey: 'merge:104',
};

// After a merge the new record's timeline reads one journey.
describe.each(dbKinds)('applyContactLifecycle(merge) (%s)', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('moves both histories to the new record as one entry per stage reached, dated by the earliest, the merge noted once', async () => {
    await appendEntries(t.db, PORTAL, [
      {
        contactId: '101',
        from: 0,
        entries: [
          entry('awareness', '2026-01-05T09:00:00.000Z'),
          entry('consideration', '2026-02-01T10:00:00.000Z'),
          entry('purchase', '2026-03-02T10:00:00.000Z'),
        ],
      },
      {
        contactId: '102',
        from: 0,
        entries: [entry('awareness', '2025-12-01T08:00:00.000Z'), entry('consideration', '2026-01-10T10:00:00.000Z')],
      },
    ]);
    const outcome = await applyContactLifecycle(t.db, PORTAL, [merge], new Date('2026-04-01T09:00:05.000Z'), model);
    expect([...outcome.derive]).toEqual(['104']);
    expect([...outcome.skip].sort()).toEqual(['101', '102']); // the old ids are never read or written again
    const timelines = await loadTimelines(t.db, PORTAL, ['101', '102', '104']);
    expect(timelines.get('101')).toEqual([]);
    expect(timelines.get('102')).toEqual([]);
    const merged = timelines.get('104')!;
    expect(merged.map((e) => `${e.stage} ${e.enteredAt}`)).toEqual([
      'awareness 2025-12-01T08:00:00.000Z',
      'consideration 2026-01-10T10:00:00.000Z',
      'purchase 2026-03-02T10:00:00.000Z',
    ]);
    expect(
      merged.filter((e) => e.reason.includes('merged from contacts 101, 102 on 1 Apr 2026')).map((e) => e.stage),
    ).toEqual(['purchase']);
  });

  it('a merge that keeps the primary id moves the other record to it; the survivor is derived, not skipped, and keeps its deals', async () => {
    await appendEntries(t.db, PORTAL, [
      { contactId: '201', from: 0, entries: [entry('awareness', '2026-01-05T09:00:00.000Z')] },
      { contactId: '202', from: 0, entries: [entry('awareness', '2025-12-01T08:00:00.000Z')] },
    ]);
    await t.db.query(
      `insert into deal_contacts (portal_id, deal_id, contact_id) values ($1, 'd1', '201'), ($1, 'd2', '202')`,
      [PORTAL],
    );
    const keep = {
      ...merge,
      objectId: '201',
      primaryObjectId: '201',
      mergedObjectIds: ['202'],
      newObjectId: '201',
      dedupeKey: 'merge:201',
    };
    const outcome = await applyContactLifecycle(t.db, PORTAL, [keep], new Date('2026-04-01T09:00:05.000Z'), model);
    expect({ derive: [...outcome.derive], skip: [...outcome.skip] }).toEqual({ derive: ['201'], skip: ['202'] });
    const links = await t.db.query<{ deal_id: string; contact_id: string }>(
      `select deal_id, contact_id from deal_contacts where portal_id = $1 and contact_id in ('201', '202') order by deal_id`,
      [PORTAL],
    );
    expect(links.rows).toEqual([
      { deal_id: 'd1', contact_id: '201' },
      { deal_id: 'd2', contact_id: '201' },
    ]);
    const timelines = await loadTimelines(t.db, PORTAL, ['201', '202']);
    expect(timelines.get('201')!.map((e) => e.enteredAt)).toEqual(['2025-12-01T08:00:00.000Z']);
    expect(timelines.get('202')).toEqual([]);
  });

  it('a merge of records with no history yet leaves the new record with none', async () => {
    const fresh = {
      ...merge,
      objectId: '301',
      primaryObjectId: '301',
      mergedObjectIds: ['302'],
      newObjectId: '304',
      dedupeKey: 'merge:304',
    };
    await applyContactLifecycle(t.db, PORTAL, [fresh], new Date('2026-04-01T09:00:05.000Z'), model);
    const timelines = await loadTimelines(t.db, PORTAL, ['304']);
    expect(timelines.get('304')).toEqual([]);
  });
});
