import type { Queryable } from './db.ts';

type Write = { contactId: string; stage: string; enteredAt: Date };

/** Past this, a claim's writer is presumed dead and the write is taken on again (shorter than any job lease). */
export const CLAIM_MS = 15_000;

/**
 * Call inside the transaction that holds the contacts' derivation locks (lockContacts).
 * Returns the writes this derivation must send: those not already taken on, with the same
 * value, by a concurrent derivation whose write is still under way. Claims the rest.
 */
export async function claimWrites<T extends Write>(tx: Queryable, portalId: string, writes: T[], now: Date): Promise<T[]> {
  if (writes.length === 0) return writes;
  const taken = await tx.query<{ contact_id: string; stage: string; entered_at: Date | string }>(
    `select contact_id, stage, entered_at from write_claims
      where portal_id = $1 and contact_id = any($2::text[]) and claimed_at > $3::timestamptz`,
    [portalId, writes.map((w) => w.contactId), new Date(now.getTime() - CLAIM_MS).toISOString()],
  );
  const inFlight = new Set(taken.rows.map((r) => `${r.contact_id}|${r.stage}|${new Date(r.entered_at).getTime()}`));
  const mine = writes.filter((w) => !inFlight.has(`${w.contactId}|${w.stage}|${w.enteredAt.getTime()}`));
  if (mine.length > 0)
    await tx.query(
      `insert into write_claims (portal_id, contact_id, stage, entered_at, claimed_at)
       select $1, x.contact_id, x.stage, x.entered_at, $3 from jsonb_to_recordset($2::jsonb) as x(contact_id text, stage text, entered_at timestamptz)
       on conflict (portal_id, contact_id) do update set stage = excluded.stage, entered_at = excluded.entered_at, claimed_at = excluded.claimed_at`,
      [portalId, JSON.stringify(mine.map((w) => ({ contact_id: w.contactId, stage: w.stage, entered_at: w.enteredAt.toISOString() }))), now.toISOString()],
    );
  return mine;
}

/** Drops this derivation's claims once its write is done or has failed (a failed one is then taken on again). */
export async function releaseWrites(db: Queryable, portalId: string, writes: Write[]): Promise<void> {
  if (writes.length === 0) return;
  await db.query(
    `delete from write_claims c using jsonb_to_recordset($2::jsonb) as x(contact_id text, stage text, entered_at timestamptz)
      where c.portal_id = $1 and c.contact_id = x.contact_id and c.stage = x.stage and c.entered_at = x.entered_at`,
    [portalId, JSON.stringify(writes.map((w) => ({ contact_id: w.contactId, stage: w.stage, entered_at: w.enteredAt.toISOString() })))],
  );
}
