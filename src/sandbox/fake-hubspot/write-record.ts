import { findStage, type Portal } from './portal.ts';
import { currentValue, writeValues, type CrmRecord, type HistorySource } from './records.ts';
import type { ChangeSource, EventDraft } from './webhook-events.ts';

/** A change as the mutation API and the HTTP writes describe it. */
export type Change = { at: Date; source: ChangeSource; history: HistorySource };

const CALCULATED_CHANGE = { source: { changeSource: 'CALCULATED' }, history: { sourceType: 'CALCULATED' } };

/*
 * Values HubSpot derives from others: the "Date entered <stage>" of a contact's lifecycle
 * stage (set once, when the stage is entered), a deal's closed/won flags from its stage's
 * pipeline metadata, and a close date stamped when a deal enters a closed stage without one.
 */
function derivedValues(
  portal: Portal,
  record: CrmRecord,
  changed: readonly string[],
  at: Date,
): Record<string, string> {
  const derived: Record<string, string> = {};
  if (record.kind === 'contact' && changed.includes('lifecyclestage')) {
    const stage = currentValue(record, 'lifecyclestage');
    const dateName = `hs_lifecyclestage_${stage ?? ''}_date`;
    if (
      stage !== undefined &&
      portal.properties.contact.has(dateName) &&
      currentValue(record, dateName) === undefined
    ) {
      derived[dateName] = at.toISOString();
    }
  }
  if (record.kind === 'deal' && (changed.includes('dealstage') || changed.includes('pipeline'))) {
    const found = findStage(portal, currentValue(record, 'pipeline'), currentValue(record, 'dealstage') ?? '');
    const closed = found?.stage.metadata.isClosed === 'true';
    derived.hs_is_closed = String(closed);
    derived.hs_is_closed_won = String(closed && Number(found?.stage.metadata.probability) === 1);
    if (closed && currentValue(record, 'closedate') === undefined) derived.closedate = at.toISOString();
  }
  return derived;
}

function propertyDrafts(
  record: CrmRecord,
  names: readonly string[],
  change: Pick<Change, 'at' | 'source'>,
): EventDraft[] {
  return names.map((propertyName) => ({
    kind: 'propertyChange',
    objectType: record.kind,
    objectId: record.id,
    occurredAt: change.at,
    source: change.source,
    propertyName,
    propertyValue: currentValue(record, propertyName) ?? '',
  }));
}

/** Writes already-validated values plus what HubSpot derives from them; returns the propertyChange events. */
export function writeRecord(
  portal: Portal,
  record: CrmRecord,
  values: Record<string, string>,
  change: Change,
): EventDraft[] {
  const changed = writeValues(record, values, change.at, change.history);
  const derived = writeValues(
    record,
    derivedValues(portal, record, changed, change.at),
    change.at,
    CALCULATED_CHANGE.history,
  );
  return [
    ...propertyDrafts(record, changed, change),
    ...propertyDrafts(record, derived, { at: change.at, source: CALCULATED_CHANGE.source }),
  ];
}
