import type { Queryable } from './db.ts';

/** Remembers deal-to-contact links we have seen (deal events must reach contacts even after a deletion). */
export async function storeDealLinks(
  db: Queryable,
  portalId: string,
  links: Map<string, string[]>,
  from: 'contact' | 'deal',
): Promise<void> {
  const pairs = [...links].flatMap(([id, others]) =>
    others.map((other) =>
      from === 'contact' ? { deal_id: other, contact_id: id } : { deal_id: id, contact_id: other },
    ),
  );
  if (pairs.length === 0) return;
  await db.query(
    `insert into deal_contacts (portal_id, deal_id, contact_id)
     select $1, x.deal_id, x.contact_id from jsonb_to_recordset($2::jsonb) as x(deal_id text, contact_id text)
     on conflict do nothing`,
    [portalId, JSON.stringify(pairs)],
  );
}

/** The deal links we hold for some contacts of one portal (those with none are absent). */
export async function loadDealLinks(
  db: Queryable,
  portalId: string,
  contactIds: string[],
): Promise<Map<string, string[]>> {
  const links = new Map<string, string[]>();
  if (contactIds.length === 0) return links;
  const r = await db.query<{ contact_id: string; deal_id: string }>(
    'select contact_id, deal_id from deal_contacts where portal_id = $1 and contact_id = any($2::text[]) order by contact_id, deal_id',
    [portalId, contactIds],
  );
  for (const row of r.rows) links.set(row.contact_id, [...(links.get(row.contact_id) ?? []), row.deal_id]);
  return links;
}

/** The contacts we hold links to, per deal, for some deals of one portal (deals with none are absent). */
export async function contactsOfDeals(
  db: Queryable,
  portalId: string,
  dealIds: string[],
): Promise<Map<string, string[]>> {
  const links = new Map<string, string[]>();
  if (dealIds.length === 0) return links;
  const r = await db.query<{ deal_id: string; contact_id: string }>(
    'select deal_id, contact_id from deal_contacts where portal_id = $1 and deal_id = any($2::text[]) order by deal_id, contact_id',
    [portalId, dealIds],
  );
  for (const row of r.rows) links.set(row.deal_id, [...(links.get(row.deal_id) ?? []), row.contact_id]);
  return links;
}
