import { z } from 'zod';
import type { Queryable } from './db.ts';
import type { ContactSnapshot, DealSnapshot } from '../engine/evidence.ts';
import { parseRow } from './parse-row.ts';

/** A HubSpot record as the CRM API returns it: every property value a string or null. Other fields are kept. */
const StoredRecord = z.looseObject({ id: z.string(), properties: z.record(z.string(), z.string().nullable()) });

/** What we keep of a contact's HubSpot records between derivations (`contacts.evidence`). */
export const StoredEvidence = z.looseObject({ contact: StoredRecord, deals: z.array(StoredRecord) });
export type StoredEvidence = { contact: ContactSnapshot; deals: DealSnapshot[] };

export type ContactRow = {
  contactId: string;
  modelId: string;
  stage: string;
  stageEnteredAt: Date;
  writtenStage: string | null;
  writtenEnteredAt: Date | null;
  nextChangeAt: Date | null;
  evidence: StoredEvidence;
  deleted: boolean;
  /** The furthest stage ever reached (docs/hubspot-properties.md) and what HubSpot holds of it. */
  highestStage: string | null;
  highestEnteredAt: Date | null;
  writtenHighestStage: string | null;
};

type Row = {
  contact_id: string;
  model_id: string;
  stage: string;
  stage_entered_at: Date | string;
  written_stage: string | null;
  written_entered_at: Date | string | null;
  next_change_at: Date | string | null;
  evidence: unknown;
  deleted: boolean;
  highest_stage: string | null;
  highest_entered_at: Date | string | null;
  written_highest_stage: string | null;
};

const toDate = (v: Date | string | null) => (v === null ? null : new Date(v));

/** The stored rows of some contacts; evidence that no longer parses throws InvalidRowError. */
export async function loadContacts(db: Queryable, portalId: string, ids: string[]): Promise<Map<string, ContactRow>> {
  if (ids.length === 0) return new Map();
  const r = await db.query<Row>(
    `select contact_id, model_id, stage, stage_entered_at, written_stage, written_entered_at, next_change_at, evidence, deleted,
            highest_stage, highest_entered_at, written_highest_stage
       from contacts where portal_id = $1 and contact_id = any($2::text[])`,
    [portalId, ids],
  );
  return new Map(
    r.rows.map((row) => [
      row.contact_id,
      {
        contactId: row.contact_id,
        modelId: row.model_id,
        stage: row.stage,
        stageEnteredAt: new Date(row.stage_entered_at),
        writtenStage: row.written_stage,
        writtenEnteredAt: toDate(row.written_entered_at),
        nextChangeAt: toDate(row.next_change_at),
        evidence: parseRow(StoredEvidence, row.evidence, {
          table: 'contacts',
          column: 'evidence',
          portalId,
          key: `contact ${row.contact_id}`,
        }),
        deleted: row.deleted,
        highestStage: row.highest_stage,
        highestEnteredAt: toDate(row.highest_entered_at),
        writtenHighestStage: row.written_highest_stage,
      },
    ]),
  );
}

/** Saves derivations; what was last written to HubSpot is kept as it was. */
export async function saveContacts(db: Queryable, portalId: string, rows: ContactRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `insert into contacts (portal_id, contact_id, model_id, stage, stage_entered_at, next_change_at, evidence, deleted, updated_at,
                           highest_stage, highest_entered_at)
     select $1, x.contact_id, x.model_id, x.stage, x.stage_entered_at, x.next_change_at, x.evidence, x.deleted, $3,
            x.highest_stage, x.highest_entered_at
       from jsonb_to_recordset($2::jsonb) as x(contact_id text, model_id text, stage text, stage_entered_at timestamptz,
                                               next_change_at timestamptz, evidence jsonb, deleted boolean,
                                               highest_stage text, highest_entered_at timestamptz)
     on conflict (portal_id, contact_id) do update set
       model_id = excluded.model_id, stage = excluded.stage, stage_entered_at = excluded.stage_entered_at,
       next_change_at = excluded.next_change_at, evidence = excluded.evidence, deleted = excluded.deleted,
       updated_at = excluded.updated_at, highest_stage = excluded.highest_stage, highest_entered_at = excluded.highest_entered_at`,
    [
      portalId,
      JSON.stringify(
        rows.map((r) => ({
          contact_id: r.contactId,
          model_id: r.modelId,
          stage: r.stage,
          stage_entered_at: r.stageEnteredAt.toISOString(),
          next_change_at: r.nextChangeAt?.toISOString() ?? null,
          evidence: r.evidence,
          deleted: r.deleted,
          highest_stage: r.highestStage,
          highest_entered_at: r.highestEnteredAt?.toISOString() ?? null,
        })),
      ),
      now.toISOString(),
    ],
  );
}

/**
 * Records what HubSpot now holds after our batch update (or why it refused one contact).
 * `highest` is given only when it was part of the update.
 */
export async function markWritten(
  db: Queryable,
  portalId: string,
  rows: Array<{
    contactId: string;
    stage: string;
    enteredAt: Date;
    highest?: string | undefined;
    error: string | null;
  }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `update contacts c set
       written_stage = case when x.error is null then x.stage else c.written_stage end,
       written_entered_at = case when x.error is null then x.entered_at else c.written_entered_at end,
       written_highest_stage = case when x.error is null then coalesce(x.highest, c.written_highest_stage) else c.written_highest_stage end,
       write_error = x.error
       from jsonb_to_recordset($2::jsonb) as x(contact_id text, stage text, entered_at timestamptz, highest text, error text)
      where c.portal_id = $1 and c.contact_id = x.contact_id`,
    [
      portalId,
      JSON.stringify(
        rows.map((r) => ({
          contact_id: r.contactId,
          stage: r.stage,
          entered_at: r.enteredAt.toISOString(),
          highest: r.highest ?? null,
          error: r.error,
        })),
      ),
    ],
  );
}

/** Per stage, the contact that most recently changed in it (the sandbox prints one of each). */
export async function latestContactPerStage(
  db: Pick<Queryable, 'query'>,
  portalId: string,
): Promise<Map<string, string>> {
  const r = await db.query<{ stage: string; contact_id: string }>(
    `select distinct on (stage) stage, contact_id from contacts
      where portal_id = $1 and not deleted order by stage, updated_at desc, contact_id`,
    [portalId],
  );
  return new Map(r.rows.map((row) => [row.stage, row.contact_id]));
}

/** Whether a journey is stored for the contact (and it is not deleted). */
export async function isStoredContact(db: Queryable, portalId: string, contactId: string): Promise<boolean> {
  const r = await db.query('select 1 from contacts where portal_id = $1 and contact_id = $2 and not deleted', [
    portalId,
    contactId,
  ]);
  return r.rows.length > 0;
}

/**
 * Of some contact ids, those anything of which was stored before: a contacts row, timeline
 * entries, a merge survivor's alias, a processed event, or a deal-side association event naming
 * it (linksKnownFor in src/sync/process-contacts.ts says why each one counts). For the ids in
 * `storedByTheirJob`, a contacts row and timeline entries do not count: an unfinished try of
 * the same events stored them.
 */
export async function seenBefore(
  db: Queryable,
  portalId: string,
  contactIds: readonly string[],
  storedByTheirJob: ReadonlySet<string> = new Set(),
): Promise<Set<string>> {
  const r = await db.query<{ id: string }>(
    `select x.id from unnest($2::text[]) as x(id)
      where (x.id <> all($3::text[]) and (
               exists (select 1 from contacts c where c.portal_id = $1 and c.contact_id = x.id)
            or exists (select 1 from timeline_entries t where t.portal_id = $1 and t.contact_id = x.id)))
         or exists (select 1 from contact_aliases a where a.portal_id = $1 and a.new_id = x.id)
         or exists (select 1 from webhook_events w where w.portal_id = $1 and w.object_type = 'contact' and w.object_id = x.id and w.processed_at is not null)
         or exists (select 1 from webhook_events d where d.portal_id = $1 and (d.payload->>'toObjectId') = x.id
                       and d.object_type = 'deal' and d.kind = 'associationChange')`,
    [portalId, contactIds, [...storedByTheirJob]],
  );
  return new Set(r.rows.map((row) => row.id));
}
