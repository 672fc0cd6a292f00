import type { TimelineEntry, TouchpointStay, TouchpointType } from '@journey-stages/contract/journey';
import { TOUCHPOINT_TYPES, type Touchpoint } from './touchpoint-sources.ts';

/** How many of a stay's touchpoints the card lists (the counts cover them all). */
export const RECENT_PER_STAY = 3;

/**
 * Places each touchpoint in the stay it falls in: a stay runs from its timeline entry's
 * `enteredAt` up to (not including) the next entry's, the last one until now. Touchpoints
 * before the first entry (an email logged before the contact record was created) count in
 * the first stay. One row per timeline entry, in the timeline's order (ordered by
 * `enteredAt`, as buildJourney gives it); `recent` holds the latest few, newest first.
 *
 * @example
 * placeTouchpoints(journey.timeline, [{ type: 'call', at: '2026-02-01T10:00:00.000Z', id: '7' }])
 * // → [{ stage: 'awareness', enteredAt: …, counts: { email: 0, call: 1, … }, recent: [ … ] }, …]
 */
export function placeTouchpoints(
  timeline: readonly TimelineEntry[],
  touchpoints: readonly Touchpoint[],
  recentPerStay = RECENT_PER_STAY,
): TouchpointStay[] {
  if (timeline.length === 0) return [];
  const starts = timeline.map((entry) => Date.parse(entry.enteredAt));
  const buckets: Touchpoint[][] = timeline.map(() => []);
  for (const touchpoint of touchpoints) {
    const at = Date.parse(touchpoint.at);
    if (Number.isNaN(at)) continue;
    buckets[stayIndex(starts, at)]!.push(touchpoint);
  }
  return timeline.map((entry, i) => {
    const inStay = buckets[i]!;
    const counts = Object.fromEntries(TOUCHPOINT_TYPES.map((t) => [t, 0])) as Record<TouchpointType, number>;
    for (const t of inStay) counts[t.type] += 1;
    const recent = [...inStay]
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id.localeCompare(a.id))
      .slice(0, recentPerStay)
      .map(({ type, at, id, title }) => ({ type, at: new Date(at).toISOString(), id, ...(title ? { title } : {}) }));
    return { stage: entry.stage, enteredAt: entry.enteredAt, counts, recent };
  });
}

/** The last stay that began at or before `at` (stays of zero length get nothing); else the first. */
function stayIndex(starts: readonly number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  if (at < starts[0]!) return 0;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
