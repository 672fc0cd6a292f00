import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { applyContactLifecycle } from '../../../src/sync/apply-contact-lifecycle.ts';
import { appendEntries } from '../../../src/store/timeline-store.ts';
import { enqueue } from '../../../src/queue/sql/enqueue.ts';
import { TASKS } from '../../../src/queue/tasks.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import type { TimelineEntry } from '@journey-stages/contract/journey';
import type { PendingEvent } from '../../../src/store/pending-events.ts';

const PORTAL = '62515';
const OTHER_PORTAL = '70000';
const model = presets['classic-5']!;
const now = new Date('2026-11-22T10:00:00.000Z');
const entry: TimelineEntry = {
  stage: 'awareness',
  enteredAt: '2026-01-05T09:00:00.000Z',
  direction: 'advance',
  reason: 'created',
  evidence: [],
  model: 'classic-5',
  skipped: [],
};

function event(kind: 'privacyDeletion' | 'deletion' | 'restore', objectId: string, n: number): PendingEvent {
  return {
    kind,
    objectType: 'contact',
    format: 'generic',
    portalId: PORTAL,
    objectId,
    occurredAt: now.getTime() + n,
    eventId: String(n),
    subscriptionType: `object.${kind}`,
    subscriptionId: null,
    appId: null,
    attemptNumber: 0,
    changeSource: null,
    sourceId: null,
    dedupeKey: `${kind}:${objectId}:${n}`,
  } as PendingEvent;
}

/** Stores something about `contactId` of `portalId` in every table that holds contact data. */
async function storeAbout(db: TestDb['db'], portalId: string, contactId: string): Promise<void> {
  await db.query(
    `insert into contacts (portal_id, contact_id, model_id, stage, stage_entered_at, evidence, updated_at)
     values ($1, $2, 'classic-5', 'awareness', $3, '{}'::jsonb, $3)`,
    [portalId, contactId, now.toISOString()],
  );
  await appendEntries(db, portalId, [{ contactId, from: 0, entries: [entry] }]);
  await db.query('insert into deal_contacts (portal_id, deal_id, contact_id) values ($1, $2, $3)', [
    portalId,
    `deal-of-${contactId}`,
    contactId,
  ]);
  await db.query('insert into contact_aliases (portal_id, old_id, new_id) values ($1, $2, $3), ($1, $3, $4)', [
    portalId,
    `old-${contactId}`,
    contactId,
    `new-${contactId}`,
  ]);
  await db.query(
    `insert into health_snoozes (portal_id, contact_id, until_at, reason, created_at) values ($1, $2, $3, 'on holiday', $3)`,
    [portalId, contactId, now.toISOString()],
  );
  await db.query(
    `insert into contact_touchpoints (portal_id, contact_id, items, read_at) values ($1, $2, '[]'::jsonb, $3)`,
    [portalId, contactId, now.toISOString()],
  );
  await db.query(
    `insert into hubspot_reads (portal_id, object_type, object_id, record, read_at) values ($1, 'contact', $2, $3::jsonb, $4)`,
    [portalId, contactId, JSON.stringify({ id: contactId, properties: { email: 'a@example.com' } }), now.toISOString()],
  );
  for (const [objectType, n] of [
    ['contact', 1],
    ['deal', 2],
  ] as const)
    await db.query(
      `insert into webhook_events (portal_id, dedupe_key, event_id, subscription_type, kind, object_type, object_id, occurred_at, payload)
       values ($1, $2, $3, 'object.propertyChange', 'propertyChange', $4, $5, $6, '{}'::jsonb)`,
      [portalId, `${objectType}-${contactId}-${n}`, `${n}`, objectType, contactId, now.toISOString()],
    );
  for (const key of ['objectId', 'fromObjectId', 'toObjectId'])
    await db.query('insert into quarantined_events (portal_id, reason, raw) values ($1, $2, $3::jsonb)', [
      portalId,
      'unparsable',
      JSON.stringify({ [key]: contactId }),
    ]);
  await enqueue(
    db,
    [
      { portalId, task: TASKS.contactChanged, key: contactId },
      { portalId, task: TASKS.contactHealth, key: contactId, runAt: new Date(now.getTime() + 86_400_000) },
    ],
    now,
  );
}

/** What is stored about `contactId` of `portalId`, table by table (a deal's webhook event named by its own id is not about the contact). */
async function rowsAbout(db: TestDb['db'], portalId: string, contactId: string): Promise<Record<string, number>> {
  const queries: Record<string, string> = {
    contacts: 'select count(*)::int as n from contacts where portal_id = $1 and contact_id = $2',
    timeline_entries: 'select count(*)::int as n from timeline_entries where portal_id = $1 and contact_id = $2',
    deal_contacts: 'select count(*)::int as n from deal_contacts where portal_id = $1 and contact_id = $2',
    contact_aliases:
      'select count(*)::int as n from contact_aliases where portal_id = $1 and (old_id = $2 or new_id = $2)',
    health_snoozes: 'select count(*)::int as n from health_snoozes where portal_id = $1 and contact_id = $2',
    contact_touchpoints: 'select count(*)::int as n from contact_touchpoints where portal_id = $1 and contact_id = $2',
    webhook_events: `select count(*)::int as n from webhook_events where portal_id = $1 and object_type = 'contact' and object_id = $2`,
    quarantined_events: `select count(*)::int as n from quarantined_events where portal_id = $1
      and $2 in (raw->>'objectId', raw->>'fromObjectId', raw->>'toObjectId')`,
    jobs: 'select count(*)::int as n from jobs where portal_id = $1 and key = $2',
    hubspot_reads: `select count(*)::int as n from hubspot_reads where portal_id = $1 and object_type = 'contact' and object_id = $2`,
  };
  const counts: Record<string, number> = {};
  for (const [table, sql] of Object.entries(queries))
    counts[table] = (await db.query<{ n: number }>(sql, [portalId, contactId])).rows[0]!.n;
  return counts;
}

const STORED = {
  contacts: 1,
  timeline_entries: 1,
  deal_contacts: 1,
  contact_aliases: 2,
  health_snoozes: 1,
  contact_touchpoints: 1,
  webhook_events: 1,
  quarantined_events: 3,
  jobs: 2,
  hubspot_reads: 1,
};
const NOTHING = Object.fromEntries(Object.keys(STORED).map((table) => [table, 0]));

describe.each(dbKinds)('applyContactLifecycle: privacy deletion, deletion, restore (%s)', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('a privacy deletion erases the contact from every table and leaves a tombstone; other contacts and portals keep theirs', async () => {
    await storeAbout(t.db, PORTAL, '201');
    await storeAbout(t.db, PORTAL, '202');
    await storeAbout(t.db, OTHER_PORTAL, '201');
    expect(await rowsAbout(t.db, PORTAL, '201')).toEqual(STORED);

    const outcome = await applyContactLifecycle(t.db, PORTAL, [event('privacyDeletion', '201', 1)], now, model);

    expect(await rowsAbout(t.db, PORTAL, '201')).toEqual(NOTHING);
    expect(await rowsAbout(t.db, PORTAL, '202')).toEqual(STORED);
    expect(await rowsAbout(t.db, OTHER_PORTAL, '201')).toEqual(STORED);
    // The deal's own webhook event (object id 201 of another object type) is not about the contact.
    const dealEvents = await t.db.query(
      `select 1 from webhook_events where portal_id = $1 and object_type = 'deal' and object_id = '201'`,
      [PORTAL],
    );
    expect(dealEvents.rows).toHaveLength(1);
    const tomb = await t.db.query<{ portal_id: string; contact_id: string; erased_at: Date | string }>(
      'select * from erased_contacts',
    );
    expect(tomb.rows.map((r) => ({ ...r, erased_at: new Date(r.erased_at).toISOString() }))).toEqual([
      { portal_id: PORTAL, contact_id: '201', erased_at: now.toISOString() },
    ]);
    expect({ derive: [...outcome.derive], skip: [...outcome.skip] }).toEqual({ derive: [], skip: ['201'] });
  });

  it('a batch of plain changes (no deletion, restore or merge) derives and skips nothing of its own', async () => {
    const change = {
      ...event('restore', '501', 1),
      kind: 'propertyChange',
      subscriptionType: 'object.propertyChange',
    } as PendingEvent;
    const outcome = await applyContactLifecycle(t.db, PORTAL, [change], now, model);
    expect({ derive: [...outcome.derive], skip: [...outcome.skip] }).toEqual({ derive: [], skip: [] });
  });

  it('a contact restored, then erased, in one batch is skipped, not derived; erased again, nothing fails', async () => {
    const outcome = await applyContactLifecycle(
      t.db,
      PORTAL,
      [event('restore', '301', 1), event('privacyDeletion', '301', 2)],
      now,
      model,
    );
    expect({ derive: [...outcome.derive], skip: [...outcome.skip] }).toEqual({ derive: [], skip: ['301'] });
    const again = await applyContactLifecycle(t.db, PORTAL, [event('privacyDeletion', '301', 3)], now, model);
    expect([...again.skip]).toEqual(['301']);
    const tomb = await t.db.query('select 1 from erased_contacts where portal_id = $1 and contact_id = $2', [
      PORTAL,
      '301',
    ]);
    expect(tomb.rows).toHaveLength(1);
  });

  it('a deletion marks the contact deleted and skips it; a later restore in the batch unmarks it and derives it again', async () => {
    await storeAbout(t.db, PORTAL, '401');
    const deleted = await applyContactLifecycle(
      t.db,
      PORTAL,
      [event('restore', '401', 1), event('deletion', '401', 2)],
      now,
      model,
    );
    expect({ derive: [...deleted.derive], skip: [...deleted.skip] }).toEqual({ derive: [], skip: ['401'] });
    const flag = async () =>
      (
        await t.db.query<{ deleted: boolean }>(
          'select deleted from contacts where portal_id = $1 and contact_id = $2',
          [PORTAL, '401'],
        )
      ).rows[0]!.deleted;
    expect(await flag()).toBe(true);

    const restored = await applyContactLifecycle(
      t.db,
      PORTAL,
      [event('deletion', '401', 3), event('restore', '401', 4)],
      now,
      model,
    );
    expect({ derive: [...restored.derive], skip: [...restored.skip] }).toEqual({ derive: ['401'], skip: [] });
    expect(await flag()).toBe(false);
    expect(await rowsAbout(t.db, PORTAL, '401')).toEqual(STORED); // a deletion keeps the history for a restore
  });
});
