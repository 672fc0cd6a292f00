import type { TimelineEntry } from '@journey-stages/contract/journey';
import type { Queryable } from './db.ts';
import { StoredEvidence } from './contact-store.ts';
import { parseRow } from './parse-row.ts';

export type EvidencePageRow = {
  contactId: string;
  stage: string;
  evidence: StoredEvidence;
  /** The contact's timeline entries under `modelId`, in the order they were appended. */
  recorded: Array<Pick<TimelineEntry, 'stage' | 'enteredAt' | 'direction' | 'model'>>;
};

type Row = { contact_id: string; stage: string; evidence: unknown; recorded: Array<[string, string, string]> | null };

/**
 * Every stored, not deleted contact of a portal with its evidence, in pages of `pageSize`
 * ordered by contact id: each page starts after the last id of the one before (the primary
 * key's order), so a caller holds one page at a time whatever the portal's size, and a
 * contact written meanwhile is seen at most once. The entries recorded under `modelId`
 * (entries stored without a model count as the model's, as recordedEnteredAt reads them)
 * come with each contact, so a re-derivation under that model can be replayed exactly.
 */
export async function* contactEvidencePages(
  db: Pick<Queryable, 'query'>,
  portalId: string,
  options: { modelId: string; pageSize?: number },
): AsyncGenerator<EvidencePageRow[]> {
  const pageSize = options.pageSize ?? 1000;
  let after = '';
  for (;;) {
    const r = await db.query<Row>(
      `select c.contact_id, c.stage, c.evidence,
              (select json_agg(json_build_array(t.stage, t.entered_at, t.direction) order by t.seq)
                 from timeline_entries t
                where t.portal_id = c.portal_id and t.contact_id = c.contact_id and t.model_id in ($3, '')) as recorded
         from contacts c
        where c.portal_id = $1 and not c.deleted and c.contact_id > $2
        order by c.contact_id
        limit $4`,
      [portalId, after, options.modelId, pageSize],
    );
    if (r.rows.length === 0) return;
    yield r.rows.map((row) => ({
      contactId: row.contact_id,
      stage: row.stage,
      evidence: parseRow(StoredEvidence, row.evidence, {
        table: 'contacts',
        column: 'evidence',
        portalId,
        key: `contact ${row.contact_id}`,
      }),
      recorded: (row.recorded ?? []).map(([stage, enteredAt, direction]) => ({
        stage,
        enteredAt: new Date(enteredAt).toISOString(),
        direction: direction as TimelineEntry['direction'],
        model: options.modelId,
      })),
    }));
    if (r.rows.length < pageSize) return;
    after = r.rows[r.rows.length - 1]!.contact_id;
  }
}

/** How many stored, not deleted contacts a portal has (decides whether a preview answers at once). */
export async function countStoredContacts(db: Pick<Queryable, 'query'>, portalId: string): Promise<number> {
  const r = await db.query<{ n: number }>(
    'select count(*)::int as n from contacts where portal_id = $1 and not deleted',
    [portalId],
  );
  return r.rows[0]?.n ?? 0;
}
