import type { SimplePublicObject } from './spec-schemas.ts';
import type { Portal } from './portal.ts';
import { currentValue, type CrmRecord, type ObjectKind } from './records.ts';

/** What HubSpot returns when no `properties` are asked for (objects API guides, "Retrieve records"). */
const DEFAULT_PROPERTIES: Readonly<Record<ObjectKind, readonly string[]>> = {
  contact: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  deal: [
    'amount',
    'closedate',
    'createdate',
    'dealname',
    'dealstage',
    'hs_lastmodifieddate',
    'hs_object_id',
    'pipeline',
  ],
};

export type ReadSelection = { properties?: readonly string[]; propertiesWithHistory?: readonly string[] };

/**
 * A record as the objects API answers it. Requested properties the portal defines come back,
 * null when empty (the 2026-09 spec types them nullable strings; 2026-03 said string); names it does not define are ignored (spec: "If any of the
 * specified properties are not present on the requested object(s), they will be ignored").
 */
export function serializeRecord(portal: Portal, record: CrmRecord, selection: ReadSelection): SimplePublicObject {
  const defined = portal.properties[record.kind];
  const wanted =
    selection.properties !== undefined && selection.properties.length > 0
      ? new Set([
          'hs_object_id',
          'createdate',
          record.kind === 'contact' ? 'lastmodifieddate' : 'hs_lastmodifieddate',
          ...selection.properties,
        ])
      : new Set(DEFAULT_PROPERTIES[record.kind]);
  const properties: Record<string, string | null> = {};
  for (const name of [...wanted].sort()) {
    if (defined.has(name)) properties[name] = currentValue(record, name) ?? null;
  }
  const history = selection.propertiesWithHistory ?? [];
  const withHistory = Object.fromEntries(
    history
      .filter((name) => defined.has(name) && (record.history.get(name)?.length ?? 0) > 0)
      .map((name) => [
        name,
        (record.history.get(name) ?? []).map((version) => ({
          value: version.value,
          timestamp: version.timestamp.toISOString(),
          sourceType: version.sourceType,
          ...(version.sourceId === undefined ? {} : { sourceId: version.sourceId }),
        })),
      ]),
  );
  return {
    id: record.id,
    properties,
    ...(history.length > 0 ? { propertiesWithHistory: withHistory } : {}),
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    archived: record.archived,
    ...(record.archivedAt === undefined ? {} : { archivedAt: record.archivedAt.toISOString() }),
  };
}

/** `properties=a,b&properties=c` and `properties=a,b` both mean [a, b, c] / [a, b]. */
export function listParam(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : []));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}
