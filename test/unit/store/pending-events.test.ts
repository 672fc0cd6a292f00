import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { loadPendingEvents, markProcessed } from '../../../src/store/pending-events.ts';
import { storeBatch } from '../../../src/intake/store-batch.ts';
import { parseEvent } from '../../../src/intake/parse-batch.ts';
import { readMigrations } from '../../../src/store/migrate.ts';
import type { WebhookEvent } from '../../../src/store/webhook-event.ts';

const NOW = new Date('2026-12-02T09:00:00.000Z');
const emailChange = {
  eventId: 71,
  subscriptionId: 2000,
  portalId: 62515,
  appId: 424242,
  occurredAt: NOW.getTime() - 1_000,
  subscriptionType: 'contact.propertyChange',
  attemptNumber: 0,
  objectId: 101,
  propertyName: 'email',
  propertyValue: 'ada@example.com',
  changeSource: 'CRM_UI',
};

function parsed(raw: unknown): WebhookEvent {
  const result = parseEvent(raw);
  if (!result.success || result.data === null) throw new Error('fixture event did not parse');
  return result.data;
}

const payloadOf = async (t: TestDb) =>
  (await t.db.query<{ payload: Record<string, unknown> }>('select payload from webhook_events')).rows.map(
    (r) => r.payload,
  );

describe.each(dbKinds)('stored webhook payloads keep no property value past processing (%s)', (kind) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(kind);
    await t.db.query(`insert into portals (portal_id, status) values ('62515', 'active')`);
  });
  afterEach(async () => {
    await t.drop();
  });

  it('markProcessed(event) drops propertyValue from its payload; a retry of the event is still a duplicate', async () => {
    const event = parsed(emailChange);
    await storeBatch(t.db, [event], [], NOW);
    const [pending] = await loadPendingEvents(t.db, '62515', 'contact', ['101']);
    expect(pending).toMatchObject({ propertyName: 'email', propertyValue: 'ada@example.com' });

    await markProcessed(t.db, '62515', [event.dedupeKey], NOW);
    const [payload] = await payloadOf(t);
    expect(payload).toMatchObject({ kind: 'propertyChange', propertyName: 'email', objectId: '101' });
    expect(payload).not.toHaveProperty('propertyValue');
    expect(JSON.stringify(await payloadOf(t))).not.toContain('ada@example.com');

    const retry = await storeBatch(t.db, [parsed({ ...emailChange, attemptNumber: 1 })], [], NOW);
    expect(retry).toMatchObject({ stored: 0, duplicates: 1 });
  });

  it('migration 0009 forgets the property values of events processed before it', async () => {
    const event = parsed(emailChange);
    await storeBatch(t.db, [event], [], NOW);
    await t.db.query('update webhook_events set processed_at = $1', [NOW.toISOString()]);
    const unprocessed = parsed({ ...emailChange, eventId: 72, objectId: 102 });
    await storeBatch(t.db, [unprocessed], [], NOW);

    await t.db.exec(readMigrations().find((m) => m.version === 9)!.sql);
    const rows = await t.db.query<{ object_id: string; payload: Record<string, unknown> }>(
      'select object_id, payload from webhook_events order by object_id',
    );
    expect(rows.rows.map((r) => [r.object_id, r.payload.propertyValue])).toEqual([
      ['101', undefined],
      ['102', 'ada@example.com'],
    ]);
  });
});
