import type { Queryable } from '../store/db.ts';
import { loadDealLinks } from '../store/deal-links.ts';
import { hasJobs } from '../queue/sql/has-jobs.ts';
import { TASKS } from '../queue/tasks.ts';
import { BATCH_LIMIT } from './hubspot-api.ts';

/** A job's payload mark: its contact already waited for a later claim once, and never waits again. */
export const HELD_ONCE = 'heldForDealBatch';

/**
 * A claim reads its contacts per 100 and the deals of all of them per 100 (read-evidence.ts), so
 * 104 deals cost two calls and 430 contacts five. When more contact work is queued, the contacts
 * that would make those part batches wait for the next claim (a burst is then read in whole
 * batches; its last claim reads whatever is left):
 * 1. contacts with known deals (links held from association events), one at a time from the end,
 *    until the rest's deals fill whole batches of 100;
 * 2. then contacts without deals, until the contacts read fill whole batches of 100 (only when
 *    enough of them can wait to get there).
 * Only `movable` contacts wait (links known, not waited before: HELD_ONCE), so a long stream
 * cannot keep one waiting twice.
 */
export async function contactsForTheNextClaim(
  db: Queryable,
  portalId: string,
  o: { targets: readonly string[]; linksKnown: ReadonlySet<string>; movable: ReadonlySet<string> },
): Promise<Set<string>> {
  const later = new Set<string>();
  if (o.movable.size === 0 || !(await hasJobs(db, portalId, TASKS.contactChanged, ['pending']))) return later;
  const links = await loadDealLinks(db, portalId, [...o.linksKnown]);

  const readers = new Map<string, number>();
  for (const deals of links.values()) for (const d of deals) readers.set(d, (readers.get(d) ?? 0) + 1);
  const wholeDeals = Math.floor(readers.size / BATCH_LIMIT) * BATCH_LIMIT;
  let deals = readers.size;
  for (const [contactId, ids] of [...links].reverse()) {
    if (deals <= wholeDeals || wholeDeals === 0) break;
    if (!o.movable.has(contactId)) continue;
    later.add(contactId);
    for (const d of ids) {
      const n = readers.get(d)! - 1;
      readers.set(d, n);
      if (n === 0) deals--;
    }
  }

  const reading = o.targets.length - later.size;
  const excess = reading % BATCH_LIMIT;
  const withoutDeals = o.targets
    .filter((id) => o.movable.has(id) && !links.has(id))
    .sort(byId)
    .reverse();
  if (reading > BATCH_LIMIT && excess > 0 && withoutDeals.length >= excess)
    for (const id of withoutDeals.slice(0, excess)) later.add(id);
  return later;
}

/** HubSpot record ids are digits: by length, then text, is numeric order. */
const byId = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
