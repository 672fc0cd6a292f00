import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { seedPath } from '../helpers/seed-stays.ts';
import { loadCachedTouchpoints, saveCachedTouchpoints } from '../../src/store/contact-touchpoints.ts';
import { expireTouchpoints } from '../../src/store/expire-touchpoints.ts';
import { applyContactLifecycle } from '../../src/sync/apply-contact-lifecycle.ts';
import type { PendingEvent } from '../../src/store/pending-events.ts';
import { presets } from '../../src/engine/presets/index.ts';

const NOW = new Date('2026-12-01T00:00:00.000Z');
const email = (id: string) => ({ type: 'email' as const, at: '2026-11-01T10:00:00.000Z', id, title: `Subject ${id}` });
const privacyDeletion = (contactId: string) =>
  ({
    kind: 'privacyDeletion',
    portalId: '1',
    objectType: 'contact',
    objectId: contactId,
    occurredAt: NOW.getTime(),
    eventId: '1',
    subscriptionType: 'contact.privacyDeletion',
    subscriptionId: null,
    appId: null,
    attemptNumber: 0,
    changeSource: null,
    sourceId: null,
    dedupeKey: `k-${contactId}`,
  }) as unknown as PendingEvent;

describe.each(dbKinds)('contact_touchpoints cache (%s)', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('saveCachedTouchpoints() keeps the read that began last; loadCachedTouchpoints() gives it back; another portal sees nothing', async () => {
    const later = { items: [email('2')], failed: [], retrySoon: false, readAt: new Date(NOW.getTime() + 1000) };
    await saveCachedTouchpoints(t.db, '1', '101', later);
    await saveCachedTouchpoints(t.db, '1', '101', {
      items: [email('1')],
      failed: ['ticket'],
      retrySoon: true,
      readAt: NOW,
    }); // an older read finishing late
    expect(await loadCachedTouchpoints(t.db, '1', '101')).toEqual(later);
    expect(await loadCachedTouchpoints(t.db, '2', '101')).toBeNull();
  });

  it('expireTouchpoints() makes the next view read again (read time set to the epoch)', async () => {
    await expireTouchpoints(t.db, [{ portalId: '1', contactId: '101' }]);
    expect((await loadCachedTouchpoints(t.db, '1', '101'))?.readAt).toEqual(new Date(0));
  });

  it('a privacy deletion erases the cached touchpoints (email subjects), and a read finishing after it stores nothing', async () => {
    await seedPath(t.db, { portalId: '1', contactId: '501', start: NOW, path: [['consideration', 0]] });
    await saveCachedTouchpoints(t.db, '1', '501', { items: [email('9')], failed: [], retrySoon: false, readAt: NOW });
    await applyContactLifecycle(t.db, '1', [privacyDeletion('501')], NOW, presets['classic-5']!);
    expect(await loadCachedTouchpoints(t.db, '1', '501')).toBeNull();
    await saveCachedTouchpoints(t.db, '1', '501', {
      items: [email('9')],
      failed: [],
      retrySoon: false,
      readAt: new Date(NOW.getTime() + 1),
    });
    expect(await loadCachedTouchpoints(t.db, '1', '501')).toBeNull();
  });
});
