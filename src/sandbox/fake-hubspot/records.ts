export type ObjectKind = 'contact' | 'deal';

/** Where a value came from, as HubSpot's property history records it (sourceType CRM_UI, INTEGRATION, CALCULATED, …). */
export type HistorySource = { sourceType: string; sourceId?: string };

export type PropertyVersion = HistorySource & { value: string; timestamp: Date };

/** A contact or deal: every property is its history, newest first; the current value is the newest. */
export type CrmRecord = {
  id: string;
  kind: ObjectKind;
  createdAt: Date;
  updatedAt: Date;
  archived: boolean;
  archivedAt?: Date;
  history: Map<string, PropertyVersion[]>;
};

export const LAST_MODIFIED: Readonly<Record<ObjectKind, string>> = {
  contact: 'lastmodifieddate',
  deal: 'hs_lastmodifieddate',
};

const CALCULATED: HistorySource = { sourceType: 'CALCULATED' };

export function newRecord(kind: ObjectKind, id: string, at: Date): CrmRecord {
  const record: CrmRecord = { id, kind, createdAt: at, updatedAt: at, archived: false, history: new Map() };
  writeValue(record, 'hs_object_id', id, at, CALCULATED);
  writeValue(record, 'createdate', at.toISOString(), at, CALCULATED);
  writeValue(record, LAST_MODIFIED[kind], at.toISOString(), at, CALCULATED);
  return record;
}

/** The current value; HubSpot treats an empty string as no value. */
export function currentValue(record: CrmRecord, name: string): string | undefined {
  const newest = record.history.get(name)?.[0]?.value;
  return newest === undefined || newest === '' ? undefined : newest;
}

export function currentProperties(record: CrmRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of record.history.keys()) {
    const value = currentValue(record, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Records a new version unless the value is unchanged; returns whether it changed. */
export function writeValue(record: CrmRecord, name: string, value: string, at: Date, source: HistorySource): boolean {
  if ((record.history.get(name)?.[0]?.value ?? '') === value) return false;
  const versions = record.history.get(name) ?? [];
  // Newest first, as HubSpot answers; a write at the same instant is newer. Seeds may write out of order.
  const atMs = at.getTime();
  const index = versions.findIndex((v) => v.timestamp.getTime() <= atMs);
  versions.splice(index === -1 ? versions.length : index, 0, { value, timestamp: at, ...source });
  record.history.set(name, versions);
  return true;
}

/** Writes several values at one instant and bumps the last-modified date; returns the names that changed. */
export function writeValues(
  record: CrmRecord,
  values: Record<string, string>,
  at: Date,
  source: HistorySource,
): string[] {
  const changed = Object.entries(values)
    .filter(([name, value]) => writeValue(record, name, value, at, source))
    .map(([name]) => name);
  if (changed.length > 0) touch(record, at);
  return changed;
}

export function touch(record: CrmRecord, at: Date): void {
  if (at.getTime() > record.updatedAt.getTime()) record.updatedAt = at;
  writeValue(record, LAST_MODIFIED[record.kind], record.updatedAt.toISOString(), record.updatedAt, CALCULATED);
}

/**
 * The record a merge creates: every version of both histories (HubSpot keeps the merged
 * history under the new id), the primary's current values winning, the earliest creation.
 */
export function mergeRecords(
  id: string,
  primary: CrmRecord,
  merged: CrmRecord,
  at: Date,
): { record: CrmRecord; moved: number } {
  // biome-ignore lint/complexity/useMathMinMax: Dates; Math.min would turn them into numbers
  const createdAt = primary.createdAt < merged.createdAt ? primary.createdAt : merged.createdAt;
  const record: CrmRecord = { id, kind: primary.kind, createdAt, updatedAt: at, archived: false, history: new Map() };
  let moved = 0;
  for (const name of new Set([...primary.history.keys(), ...merged.history.keys()])) {
    const versions = [...(merged.history.get(name) ?? []), ...(primary.history.get(name) ?? [])];
    record.history.set(
      name,
      versions.sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime()),
    );
    const winner = currentValue(primary, name) ?? currentValue(merged, name);
    if (currentValue(primary, name) === undefined && winner !== undefined) moved += 1;
    if (winner !== undefined && currentValue(record, name) !== winner)
      writeValue(record, name, winner, at, { sourceType: 'MERGE' });
  }
  writeValue(record, 'hs_object_id', id, at, CALCULATED);
  writeValue(record, 'createdate', createdAt.toISOString(), at, CALCULATED);
  touch(record, at);
  return { record, moved };
}
