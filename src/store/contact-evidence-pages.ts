import type { TimelineEntry } from '@journey-stages/contract/journey';
import type { Db, Queryable } from './db.ts';
import { StoredEvidence } from './contact-store.ts';
import { parseRow } from './parse-row.ts';

export type EvidencePageRow = {
  contactId: string;
  stage: string;
  evidence: StoredEvidence;
  /** The contact's timeline entries under `modelId`, in the order they were appended. */
  recorded: Array<Pick<TimelineEntry, 'stage' | 'enteredAt' | 'direction' | 'model'>>;
};

type Row = { contact_id: string; stage: string; evidence: unknown };
type EntryRow = {
  contact_id: string;
  stage: string;
  entered_at: Date | string;
  direction: TimelineEntry['direction'];
  model_id: string;
};

/**
 * Every stored, not deleted contact of a portal with its evidence, in pages of `pageSize`
 * ordered by contact id: each page starts after the last id of the one before (the primary
 * key's order), so a caller holds one page at a time (and the next one, read while the caller
 * works on this one) whatever the portal's size, and a contact written meanwhile is seen at
 * most once. The entries recorded under `modelId` (entries stored without a model count as the
 * model's, as recordedEnteredAt reads them) come with each contact, read for the page's id
 * range in one more query, so a re-derivation under that model can be replayed exactly.
 */
export async function* contactEvidencePages(
  db: Pick<Db, 'query' | 'transaction'>,
  portalId: string,
  options: { modelId: string; pageSize?: number },
): AsyncGenerator<EvidencePageRow[]> {
  const pageSize = options.pageSize ?? 1000;
  // Both reads walk a primary key whatever the statistics say. Without them (PGlite runs no
  // autovacuum; PostgreSQL right after a backfill) the planner was seen sorting every remaining
  // contact for each page, which makes a preview quadratic in the portal's size. So no bitmap or
  // sequential scan; and the entries are picked by contact id range alone (their model is
  // checked below), which only the primary key serves.
  const read = (after: string) =>
    db.transaction(async (tx) => {
      await tx.query('set local enable_bitmapscan = off');
      await tx.query('set local enable_seqscan = off');
      const contacts = await tx.query<Row>(
        `select contact_id, stage, evidence from contacts
          where portal_id = $1 and not deleted and contact_id > $2
          order by contact_id limit $3`,
        [portalId, after, pageSize],
      );
      const last = contacts.rows[contacts.rows.length - 1]?.contact_id;
      if (last === undefined) return { contacts: contacts.rows, entries: [] };
      const entries = await tx.query<EntryRow>(
        `select contact_id, stage, entered_at, direction, model_id from timeline_entries
          where portal_id = $1 and contact_id > $2 and contact_id <= $3
          order by contact_id, seq`,
        [portalId, after, last],
      );
      return { contacts: contacts.rows, entries: entries.rows };
    });
  // A prefetch the caller never awaits (it stopped early) must not become an unhandled rejection.
  const prefetch = (after: string) => {
    const page = read(after);
    page.catch(() => {});
    return page;
  };
  let next = prefetch('');
  for (;;) {
    const { contacts, entries } = await next;
    if (contacts.length === 0) return;
    const more = contacts.length === pageSize;
    if (more) next = prefetch(contacts[contacts.length - 1]!.contact_id);
    const recorded = new Map<string, EvidencePageRow['recorded']>();
    for (const e of entries) {
      if (e.model_id !== options.modelId && e.model_id !== '') continue;
      const list = recorded.get(e.contact_id) ?? [];
      list.push({
        stage: e.stage,
        enteredAt: new Date(e.entered_at).toISOString(),
        direction: e.direction,
        model: options.modelId,
      });
      recorded.set(e.contact_id, list);
    }
    yield contacts.map((row) => ({
      contactId: row.contact_id,
      stage: row.stage,
      evidence: parseRow(StoredEvidence, row.evidence, {
        table: 'contacts',
        column: 'evidence',
        portalId,
        key: `contact ${row.contact_id}`,
      }),
      recorded: recorded.get(row.contact_id) ?? [],
    }));
    if (!more) return;
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
