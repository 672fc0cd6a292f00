import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { applyContactLifecycle } from '../../../src/sync/apply-contact-lifecycle.ts';
import { appendEntries, loadTimelines } from '../../../src/store/timeline-store.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import type { TimelineEntry } from '@journey-stages/contract/journey';
import type { PendingEvent } from '../../../src/store/pending-events.ts';

const PORTAL = '62515';
const model = presets['classic-5']!;
const entry = (stage: string, enteredAt: string, direction: TimelineEntry['direction'] = 'advance'): TimelineEntry =>
  ({ stage, enteredAt, direction, reason: `${stage} reason`, evidence: [], model: 'classic-5', skipped: [] });
const merge: PendingEvent = {
  kind: 'merge', objectType: 'contact', format: 'generic', portalId: PORTAL, objectId: '101', occurredAt: Date.parse('2026-04-01T09:00:00.000Z'),
  eventId: '9001', subscriptionType: 'object.merge', subscriptionId: null, appId: null, attemptNumber: 0, changeSource: null, sourceId: null,
  primaryObjectId: '101', mergedObjectIds: ['102'], newObjectId: '104', numberOfPropertiesMoved: 12, dedupeKey: 'merge:104',
};

// Issue 11 item 9: after a merge the new record's timeline reads one journey.
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
      { contactId: '101', from: 0, entries: [entry('awareness', '2026-01-05T09:00:00.000Z'), entry('consideration', '2026-02-01T10:00:00.000Z'), entry('purchase', '2026-03-02T10:00:00.000Z')] },
      { contactId: '102', from: 0, entries: [entry('awareness', '2025-12-01T08:00:00.000Z'), entry('consideration', '2026-01-10T10:00:00.000Z')] },
    ]);
    const outcome = await applyContactLifecycle(t.db, PORTAL, [merge], new Date('2026-04-01T09:00:05.000Z'), model);
    expect([...outcome.derive]).toEqual(['104']);
    const timelines = await loadTimelines(t.db, PORTAL, ['101', '102', '104']);
    expect(timelines.get('101')).toEqual([]);
    expect(timelines.get('102')).toEqual([]);
    const merged = timelines.get('104')!;
    expect(merged.map((e) => `${e.stage} ${e.enteredAt}`)).toEqual([
      'awareness 2025-12-01T08:00:00.000Z', 'consideration 2026-01-10T10:00:00.000Z', 'purchase 2026-03-02T10:00:00.000Z',
    ]);
    expect(merged.filter((e) => e.reason.includes('merged from contacts 101, 102 on 1 Apr 2026')).map((e) => e.stage)).toEqual(['purchase']);
  });
});
