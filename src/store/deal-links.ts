import type { Queryable } from './db.ts';

/** Remembers deal-to-contact links we have seen (deal events must reach contacts even after a deletion). */
export async function storeDealLinks(
  db: Queryable,
  portalId: string,
  links: Map<string, string[]>,
  from: 'contact' | 'deal',
  /** When the deals were read for these contacts' evidence (the call's start), if they were. */
  readAt?: Date,
): Promise<void> {
  const pairs = [...links].flatMap(([id, others]) =>
    others.map((other) =>
      from === 'contact' ? { deal_id: other, contact_id: id } : { deal_id: id, contact_id: other },
    ),
  );
  if (pairs.length === 0) return;
  await db.query(
    `insert into deal_contacts (portal_id, deal_id, contact_id, read_at)
     select $1, x.deal_id, x.contact_id, $3 from jsonb_to_recordset($2::jsonb) as x(deal_id text, contact_id text)
     on conflict (portal_id, deal_id, contact_id) do update
       set read_at = greatest(deal_contacts.read_at, excluded.read_at)`,
    [portalId, JSON.stringify(pairs), readAt?.toISOString() ?? null],
  );
}

/**
 * Of the contacts linked to some deals, those whose derivation read every one of these deals
 * after all of its pending events were received (with `marginMs` to spare for clocks of other
 * processes), and whose pending deal events are only creations and property changes: their
 * stage already reflects these events. A deletion, merge, restore or association change of the
 * deal always sends its contacts to be derived again.
 */
export async function contactsReadSinceDealEvents(
  db: Queryable,
  portalId: string,
  dealIds: string[],
  marginMs: number,
): Promise<Set<string>> {
  if (dealIds.length === 0) return new Set();
  const r = await db.query<{ contact_id: string }>(
    `select l.contact_id
       from deal_contacts l
       left join lateral (
         select max(w.received_at) as received_at,
                bool_and(w.kind in ('creation', 'propertyChange')) as plain
           from webhook_events w
          where w.portal_id = l.portal_id and w.object_type = 'deal' and w.object_id = l.deal_id
            and w.processed_at is null
       ) e on true
      where l.portal_id = $1 and l.deal_id = any($2::text[])
      group by l.contact_id
     having bool_and(coalesce(e.plain, false)
                     and l.read_at >= e.received_at + $3 * interval '1 millisecond')`,
    [portalId, dealIds, marginMs],
  );
  return new Set(r.rows.map((row) => row.contact_id));
}

/**
 * What a deal job's pending events allow its contacts' jobs to skip: when every one of them is
 * a creation or property change, the latest receipt (else null: a deletion, merge, restore or
 * association change always sends the contacts to be read again).
 */
export async function plainDealEventsReceivedBy(
  db: Queryable,
  portalId: string,
  dealIds: string[],
): Promise<Date | null> {
  if (dealIds.length === 0) return null;
  const r = await db.query<{ received_at: Date | string | null; plain: boolean | null }>(
    `select max(received_at) as received_at, bool_and(kind in ('creation', 'propertyChange')) as plain
       from webhook_events
      where portal_id = $1 and object_type = 'deal' and object_id = any($2::text[]) and processed_at is null`,
    [portalId, dealIds],
  );
  const row = r.rows[0];
  return row?.plain && row.received_at !== null ? new Date(row.received_at) : null;
}

/**
 * Of some contacts, each with an instant, those with at least one deal link whose every deal
 * link was read for a derivation at or after the contact's instant (read_at): what that
 * derivation wrote already reflects any deal change received before it.
 */
export async function contactsWithDealsReadSince(
  db: Queryable,
  portalId: string,
  contacts: ReadonlyArray<{ contactId: string; since: Date }>,
): Promise<Set<string>> {
  if (contacts.length === 0) return new Set();
  const r = await db.query<{ contact_id: string }>(
    `select l.contact_id
       from jsonb_to_recordset($2::jsonb) as x(contact_id text, since timestamptz)
       join deal_contacts l on l.portal_id = $1 and l.contact_id = x.contact_id
      group by l.contact_id
     having bool_and(l.read_at is not null) and min(l.read_at) >= max(x.since)`,
    [portalId, JSON.stringify(contacts.map((c) => ({ contact_id: c.contactId, since: c.since.toISOString() })))],
  );
  return new Set(r.rows.map((row) => row.contact_id));
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

/**
 * Adds links named by association events, across portals, never for an erased contact and
 * never removing one (events come in any order: a stale link costs one extra derivation).
 */
export async function addDealLinksFromEvents(
  db: Pick<Queryable, 'query'>,
  links: ReadonlyArray<{ portalId: string; dealId: string; contactId: string }>,
): Promise<void> {
  if (links.length === 0) return;
  await db.query(
    `insert into deal_contacts (portal_id, deal_id, contact_id)
     select x.portal_id, x.deal_id, x.contact_id from jsonb_to_recordset($1::jsonb) as x(portal_id text, deal_id text, contact_id text)
      where not exists (select 1 from erased_contacts e where e.portal_id = x.portal_id and e.contact_id = x.contact_id)
     on conflict do nothing`,
    [JSON.stringify(links.map((l) => ({ portal_id: l.portalId, deal_id: l.dealId, contact_id: l.contactId })))],
  );
}
