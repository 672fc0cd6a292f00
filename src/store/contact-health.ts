import type { HealthStatus } from '@journey-stages/contract/journey';
import type { Queryable } from './db.ts';

/** What health classification reads of a contact: its stay, and the health stored and written. */
export type HealthRow = {
  contact_id: string;
  model_id: string;
  stage: string;
  stage_entered_at: Date | string;
  health: HealthStatus | null;
  written_health: HealthStatus | null;
  health_changes_at: Date | string | null;
};

const COLUMNS = 'contact_id, model_id, stage, stage_entered_at, health, written_health, health_changes_at';

/** The named contacts, or one page of the portal's contacts after `after` (by id), erased ones left out. */
export async function loadHealthRows(
  db: Pick<Queryable, 'query'>,
  portalId: string,
  by: { ids: string[] } | { after: string; limit: number },
): Promise<HealthRow[]> {
  const r =
    'ids' in by
      ? await db.query<HealthRow>(
          `select ${COLUMNS} from contacts where portal_id = $1 and contact_id = any($2::text[]) and not deleted`,
          [portalId, by.ids],
        )
      : await db.query<HealthRow>(
          `select ${COLUMNS} from contacts where portal_id = $1 and contact_id > $2 and not deleted order by contact_id limit $3`,
          [portalId, by.after, by.limit],
        );
  return r.rows;
}

/** Stores each contact's health and when it next changes. */
export async function saveHealthChanges(
  db: Pick<Queryable, 'query'>,
  portalId: string,
  changed: ReadonlyArray<{ contact_id: string; health: HealthStatus | null; changes_at: string | null }>,
): Promise<void> {
  await db.query(
    `update contacts c set health = x.health, health_changes_at = x.changes_at
       from jsonb_to_recordset($2::jsonb) as x(contact_id text, health text, changes_at timestamptz)
      where c.portal_id = $1 and c.contact_id = x.contact_id`,
    [portalId, JSON.stringify(changed)],
  );
}

/**
 * Records a health write's outcome: what HubSpot took becomes written_health; a contact it
 * refused keeps its old written_health and gets HubSpot's reason in write_error (shown on the
 * journey, listed by `npm run doctor`). A taken write clears write_error unless a refused stage
 * is still unwritten (the stage write clears it when it goes through).
 */
export async function markHealthWritten(
  db: Queryable,
  portalId: string,
  written: Array<{ contactId: string; health: HealthStatus | null }>,
  refused: ReadonlyMap<string, string>,
): Promise<void> {
  if (written.length === 0 && refused.size === 0) return;
  await db.query(
    `update contacts c set
       written_health = case when x.error is null then x.health else c.written_health end,
       write_error = case
         when x.error is not null then x.error
         when c.written_stage is not distinct from c.stage then null
         else c.write_error end
       from jsonb_to_recordset($2::jsonb) as x(contact_id text, health text, error text)
      where c.portal_id = $1 and c.contact_id = x.contact_id`,
    [
      portalId,
      JSON.stringify([
        ...written.map((b) => ({ contact_id: b.contactId, health: b.health, error: null })),
        ...[...refused].map(([contactId, error]) => ({ contact_id: contactId, health: null, error })),
      ]),
    ],
  );
}
