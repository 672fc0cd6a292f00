import type { Queryable } from '../store/db.ts';
import { loadDealLinks } from '../store/deal-links.ts';
import { pendingJobsUpTo } from '../queue/sql/has-jobs.ts';
import { TASKS } from '../queue/tasks.ts';
import { BATCH_LIMIT } from './hubspot-api.ts';
import type { KeptReads } from './read-evidence.ts';

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
 * A claim's only batch, when it is a part one (fewer than 100 deals, or contacts), waits too, but
 * only while a burst is under way (100 contact jobs or more pending): in a trickle the next claim
 * would read a part batch as well, and waiting would only delay it. With several workers, claims
 * of about 100 deals each are common, and each would otherwise pay a call for its 90-odd.
 * Only `movable` contacts wait (links known, not waited before: HELD_ONCE), so a long stream
 * cannot keep one waiting twice. Records whose read is `kept` (a claim that died read them, and
 * nothing changed since) cost no call, so only the others count towards the batches: a retry
 * fills whole batches with what its dead claim had not read yet.
 */
export async function contactsForTheNextClaim(
  db: Queryable,
  portalId: string,
  o: { targets: readonly string[]; linksKnown: ReadonlySet<string>; movable: ReadonlySet<string>; kept: KeptReads },
): Promise<Set<string>> {
  const later = new Set<string>();
  if (o.movable.size === 0) return later;
  const pending = await pendingJobsUpTo(db, portalId, TASKS.contactChanged, BATCH_LIMIT);
  if (pending === 0) return later;
  // A burst under way: at least a batch of contacts waits, so even a claim's only part batch can wait for it.
  const burst = pending >= BATCH_LIMIT;
  const links = await loadDealLinks(db, portalId, [...o.linksKnown]);

  const readers = new Map<string, number>();
  for (const deals of links.values()) for (const d of deals) readers.set(d, (readers.get(d) ?? 0) + 1);
  for (const d of (await o.kept.of('deal').fresh([...readers.keys()])).keys()) readers.delete(d);
  const unread = (ids: string[]) => ids.some((d) => (readers.get(d) ?? 0) > 0);
  const wholeDeals = Math.floor(readers.size / BATCH_LIMIT) * BATCH_LIMIT;
  let deals = readers.size;
  for (const [contactId, ids] of [...links].reverse()) {
    if (deals <= wholeDeals || (wholeDeals === 0 && !burst)) break;
    if (!o.movable.has(contactId) || !unread(ids)) continue;
    later.add(contactId);
    for (const d of ids) {
      const n = readers.get(d);
      if (n === undefined) continue;
      readers.set(d, n - 1);
      if (n === 1) deals--;
    }
  }

  const kept = new Set((await o.kept.of('contact').fresh([...o.targets])).keys());
  const toRead = o.targets.filter((id) => !kept.has(id));
  const reading = toRead.filter((id) => !later.has(id)).length;
  const excess = reading % BATCH_LIMIT;
  const withoutDeals = toRead
    .filter((id) => o.movable.has(id) && !links.has(id))
    .sort(byId)
    .reverse();
  if ((reading > BATCH_LIMIT || burst) && excess > 0 && withoutDeals.length >= excess)
    for (const id of withoutDeals.slice(0, excess)) later.add(id);
  return later;
}

/** HubSpot record ids are digits: by length, then text, is numeric order. */
const byId = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
