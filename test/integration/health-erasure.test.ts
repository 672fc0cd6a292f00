import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { seedPath } from '../helpers/seed-stays.ts';
import { applyContactLifecycle } from '../../src/sync/apply-contact-lifecycle.ts';
import type { PendingEvent } from '../../src/store/pending-events.ts';
import { presets } from '../../src/engine/presets/index.ts';

const NOW = new Date('2026-12-01T00:00:00.000Z');

describe.each(dbKinds)("a privacy deletion erases the rep's snooze of the contact (%s)", (kind) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(kind);
  });
  afterEach(async () => {
    await t.drop();
  });

  it('the reason (free text about a person) goes with everything else', async () => {
    await seedPath(t.db, { portalId: '1', contactId: '501', start: NOW, path: [['consideration', 0]] });
    await t.db.query(
      `insert into health_snoozes (portal_id, contact_id, until_at, reason, created_at) values ('1', '501', $1, 'On leave after surgery', $1), ('1', '502', $1, 'other', $1)`,
      [NOW.toISOString()],
    );
    const event = {
      kind: 'privacyDeletion',
      portalId: '1',
      objectType: 'contact',
      objectId: '501',
      occurredAt: NOW.getTime(),
      eventId: '1',
      subscriptionType: 'contact.privacyDeletion',
      subscriptionId: null,
      appId: null,
      attemptNumber: 0,
      changeSource: null,
      sourceId: null,
      dedupeKey: 'k',
    } as unknown as PendingEvent;
    await applyContactLifecycle(t.db, '1', [event], NOW, presets['classic-5']!);
    const left = await t.db.query<{ contact_id: string }>('select contact_id from health_snoozes order by contact_id');
    expect(left.rows.map((r) => r.contact_id)).toEqual(['502']);
  });
});
