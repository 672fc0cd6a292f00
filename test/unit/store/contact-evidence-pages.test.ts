import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { contactEvidencePages, countStoredContacts } from '../../../src/store/contact-evidence-pages.ts';
import { saveContacts, type ContactRow } from '../../../src/store/contact-store.ts';
import { appendEntries } from '../../../src/store/timeline-store.ts';
import type { Queryable } from '../../../src/store/db.ts';

const PORTAL = '7';
const at = new Date('2026-05-01T00:00:00.000Z');

const row = (contactId: string, deleted = false): ContactRow => ({
  contactId,
  modelId: 'classic-5',
  stage: 'awareness',
  stageEnteredAt: at,
  writtenStage: null,
  writtenEnteredAt: null,
  nextChangeAt: null,
  evidence: { contact: { id: contactId, properties: { createdate: at.toISOString() } }, deals: [] },
  deleted,
  highestStage: null,
  highestEnteredAt: null,
  writtenHighestStage: null,
});

const entry = (stage: string, model: string) => ({
  stage,
  enteredAt: at.toISOString(),
  direction: 'advance' as const,
  reason: 'seeded',
  evidence: [],
  model,
});

describe.each(dbKinds)('contactEvidencePages (%s)', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
    const ids = ['a1', 'a2', 'b1', 'b2', 'c1', 'gone'];
    await saveContacts(
      t.db,
      PORTAL,
      ids.map((id) => row(id, id === 'gone')),
      at,
    );
    await saveContacts(t.db, '8', [row('other')], at);
    await appendEntries(t.db, PORTAL, [
      { contactId: 'b1', from: 0, entries: [entry('awareness', 'classic-5'), entry('use', 'lifecycle-7')] },
    ]);
  });
  afterAll(async () => t.drop());

  it('contactEvidencePages(pageSize 2) yields every live contact of the portal once, in id order, a page at a time', async () => {
    const pages: string[][] = [];
    for await (const page of contactEvidencePages(t.db, PORTAL, { modelId: 'lifecycle-7', pageSize: 2 }))
      pages.push(page.map((c) => c.contactId));
    expect(pages).toEqual([['a1', 'a2'], ['b1', 'b2'], ['c1']]);
    expect(await countStoredContacts(t.db, PORTAL)).toBe(5);
  });

  it('contactEvidencePages reads one page per query, each keyed by the last contact id of the one before', async () => {
    const asked: unknown[][] = [];
    const record = (q: Queryable): Queryable => ({
      ...q,
      query: <T>(sql: string, params: unknown[] = []) => {
        if (/from contacts/.test(sql)) asked.push(params);
        return q.query<T>(sql, params);
      },
    });
    const db = {
      ...record(t.db),
      transaction: <T>(fn: (tx: Queryable) => Promise<T>) => t.db.transaction((tx) => fn(record(tx))),
    };
    for await (const _ of contactEvidencePages(db, PORTAL, { modelId: 'classic-5', pageSize: 2 })) {
    }
    expect(asked).toEqual([
      [PORTAL, '', 2],
      [PORTAL, 'a2', 2],
      [PORTAL, 'b2', 2],
    ]);
  });

  it('contactEvidencePages walks the primary keys even where the tables were never analyzed (no sort or scan of the remaining rows per page)', async () => {
    await t.db.query(
      `insert into contacts (portal_id, contact_id, model_id, stage, stage_entered_at, evidence, updated_at)
       select '9', lpad(n::text, 6, '0'), 'classic-5', 'awareness', now(), '{"contact": {"id": "1", "properties": {}}, "deals": []}', now()
         from generate_series(1, 20000) n`,
    );
    await t.db.query(
      `insert into timeline_entries (portal_id, contact_id, seq, stage, entered_at, direction, model_id, entry)
       select '9', lpad(n::text, 6, '0'), 0, 'awareness', now(), 'advance', 'classic-5', '{}' from generate_series(1, 20000) n`,
    );
    const plans: string[] = [];
    const explaining = (q: Queryable): Queryable => ({
      ...q,
      query: async <T>(sql: string, params: unknown[] = []) => {
        if (/from (contacts|timeline_entries)/.test(sql)) {
          const plan = await q.query<{ 'QUERY PLAN': string }>(`explain ${sql}`, params);
          plans.push(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
        }
        return q.query<T>(sql, params);
      },
    });
    const db = {
      ...explaining(t.db),
      transaction: <T>(fn: (tx: Queryable) => Promise<T>) => t.db.transaction((tx) => fn(explaining(tx))),
    };
    const pages = contactEvidencePages(db, '9', { modelId: 'classic-5', pageSize: 1000 });
    await pages.next();
    await pages.return(undefined);
    expect(plans[0]).toMatch(/Index Scan using contacts_pkey/);
    expect(plans[0]).not.toMatch(/Sort/);
    expect(plans[1]).toMatch(/Index Scan using timeline_entries_pkey/);
    expect(plans[1]).not.toMatch(/Sort/);
  });

  it('contactEvidencePages brings each contact’s entries of the given model only', async () => {
    const all = [];
    for await (const page of contactEvidencePages(t.db, PORTAL, { modelId: 'lifecycle-7' })) all.push(...page);
    expect(all.find((c) => c.contactId === 'b1')?.recorded).toEqual([
      { stage: 'use', enteredAt: at.toISOString(), direction: 'advance', model: 'lifecycle-7' },
    ]);
    expect(all.find((c) => c.contactId === 'a1')?.recorded).toEqual([]);
  });
});
