import type { Queryable } from '../store/db.ts';
import { segmentProperties } from '../engine/required-properties.ts';
import type { PendingEvent } from '../store/pending-events.ts';
import { insertSegmentValues } from '../store/segment-values.ts';

export type SegmentObservation = {
  contactId: string;
  /** The contact's properties as just read from HubSpot. */
  properties: Record<string, string | null | undefined>;
  /** When the read values are known to hold (the latest event about the contact, or the read). */
  observedAt: Date;
};

/**
 * When HubSpot says each segment property of each contact took the value it has now: the
 * latest pending `propertyChange` event of that property whose value is the one read. A
 * webhook's occurredAt is when the change happened, whatever the processing delay.
 */
export function segmentChangeTimes(
  events: readonly PendingEvent[],
  read: ReadonlyMap<string, Record<string, string | null | undefined>>,
): Map<string, Map<string, Date>> {
  const times = new Map<string, Map<string, Date>>();
  for (const e of events) {
    if (e.kind !== 'propertyChange' || !segmentProperties.includes(e.propertyName)) continue;
    const now = read.get(e.objectId)?.[e.propertyName] ?? '';
    if ((e.propertyValue ?? '') !== now) continue;
    const mine = times.get(e.objectId) ?? new Map<string, Date>();
    const known = mine.get(e.propertyName);
    if (known === undefined || known.getTime() < e.occurredAt) mine.set(e.propertyName, new Date(e.occurredAt));
    times.set(e.objectId, mine);
  }
  return times;
}

/**
 * Stores a dated value (migration 0019) for each segment property whose value differs from
 * the contact's latest stored one, in one statement. Its date: the change time HubSpot gave
 * (`changedAt`), else when it was observed; the first value ever stored for a contact without
 * a change time holds since '-infinity' (what it was before is unknown, and the funnel then
 * counts the contact as it did before dated values existed: in its present value). Never
 * before the latest stored date, so the newest row is always the value read last.
 */
export async function recordSegmentValues(
  db: Queryable,
  portalId: string,
  observations: readonly SegmentObservation[],
  changedAt: ReadonlyMap<string, ReadonlyMap<string, Date>> = new Map(),
): Promise<void> {
  const rows = observations.flatMap((o) =>
    segmentProperties.map((property) => ({
      contact_id: o.contactId,
      property,
      value: o.properties[property] ?? '',
      changed_at: changedAt.get(o.contactId)?.get(property)?.toISOString() ?? null,
      observed_at: o.observedAt.toISOString(),
    })),
  );
  if (rows.length === 0) return;
  await insertSegmentValues(db, portalId, rows);
}
