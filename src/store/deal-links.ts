import type { Queryable } from './db.ts';

/** Remembers deal-to-contact links we have seen (deal events must reach contacts even after a deletion). */
export async function storeDealLinks(db: Queryable, portalId: string, links: Map<string, string[]>, from: 'contact' | 'deal'): Promise<void> {
  const pairs = [...links].flatMap(([id, others]) =>
    others.map((other) => (from === 'contact' ? { deal_id: other, contact_id: id } : { deal_id: id, contact_id: other })));
  if (pairs.length === 0) return;
  await db.query(
    `insert into deal_contacts (portal_id, deal_id, contact_id)
     select $1, x.deal_id, x.contact_id from jsonb_to_recordset($2::jsonb) as x(deal_id text, contact_id text)
     on conflict do nothing`,
    [portalId, JSON.stringify(pairs)],
  );
}
