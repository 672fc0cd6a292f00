import { BATCH_LIMIT, type HubSpotApi, type HubSpotRecord } from '../sync/hubspot-api.ts';
import type { TouchpointType } from '@journey-stages/contract/journey';
import { coerceError } from '../coerce-error.ts';
import { HubSpotError } from '../sync/hubspot-error.ts';
import { parseHubSpotTime } from '../engine/parse-hubspot-time.ts';
import type { Logger } from '../log.ts';
import {
  ENGAGEMENT_SOURCES,
  FORM_PROPERTIES,
  TITLE_MAX,
  type EngagementSource,
  type Touchpoint,
} from './touchpoint-sources.ts';

export type TouchpointRead = {
  items: Touchpoint[];
  /** Types not read in full: their touchpoints are missing or, past the page cap, incomplete. */
  failed: TouchpointType[];
  /** Whether some failure may pass soon (5xx, 429, timeout), unlike a missing scope (403). */
  retrySoon: boolean;
};
type Api = Pick<HubSpotApi, 'readAssociationPage' | 'readObjects' | 'readContacts'>;

/** More association pages than this for one type is not a contact a card can list: stop there. */
const MAX_ASSOCIATION_PAGES = 10;

/**
 * Reads a contact's touchpoints from HubSpot, each type on its own so one failing (a scope the
 * install lacks, a 5xx) leaves the others: per engagement type, the contact's associations
 * (paged) and those records' batch read (100 per call); forms from the contact's conversion
 * properties (one contacts batch read). Types that failed are listed in `failed`.
 * Cost: 4 association reads + 1 contact read + one batch read per 100 records of each type.
 */
export async function readTouchpoints(
  api: Api,
  portalId: string,
  contactId: string,
  log: Logger,
): Promise<TouchpointRead> {
  type Read = Promise<{ items: Touchpoint[]; complete: boolean }>;
  const reads: Array<[TouchpointType, Read]> = [
    ...ENGAGEMENT_SOURCES.map((source): [TouchpointType, Read] => [
      source.type,
      readEngagements(api, portalId, contactId, source),
    ]),
    ['form', readForms(api, portalId, contactId).then((items) => ({ items, complete: true }))],
  ];
  const settled = await Promise.allSettled(reads.map(([, read]) => read));
  const items: Touchpoint[] = [];
  const failed: TouchpointType[] = [];
  let retrySoon = false;
  settled.forEach((result, i) => {
    const type = reads[i]![0];
    if (result.status === 'fulfilled') {
      items.push(...result.value.items);
      if (!result.value.complete) failed.push(type);
    } else {
      failed.push(type);
      retrySoon ||= !(result.reason instanceof HubSpotError) || result.reason.retryable;
      log.warn(
        { portalId, type, err: coerceError(result.reason).message },
        'touchpoints: HubSpot read failed; the card shows the others and a later view retries',
      );
    }
  });
  return { items, failed, retrySoon };
}

async function readEngagements(
  api: Api,
  portalId: string,
  contactId: string,
  source: EngagementSource,
): Promise<{ items: Touchpoint[]; complete: boolean }> {
  const ids = new Set<string>();
  let after: string | undefined;
  for (let page = 0; page < MAX_ASSOCIATION_PAGES; page++) {
    const rows = await api.readAssociationPage(portalId, 'contacts', source.objectType, [
      { id: contactId, ...(after ? { after } : {}) },
    ]);
    const row = rows.find((r) => r.id === contactId);
    for (const id of row?.toIds ?? []) ids.add(id);
    after = row?.after;
    if (after === undefined) break;
  }
  const all = [...ids];
  const properties = [...source.timeProperties, source.titleProperty];
  const records: HubSpotRecord[] = [];
  for (let i = 0; i < all.length; i += BATCH_LIMIT)
    records.push(...(await api.readObjects(portalId, source.objectType, all.slice(i, i + BATCH_LIMIT), properties)));
  const items = records.flatMap((record) => {
    const at = firstTime(record, source.timeProperties);
    return at === undefined
      ? []
      : [withTitle({ type: source.type, at, id: record.id }, record.properties[source.titleProperty])];
  });
  return { items, complete: after === undefined };
}

async function readForms(api: Api, portalId: string, contactId: string): Promise<Touchpoint[]> {
  const [contact] = await api.readContacts(portalId, [contactId], [...FORM_PROPERTIES]);
  if (contact === undefined) return [];
  const p = contact.properties;
  const forms: Touchpoint[] = [];
  const first = toIso(p.first_conversion_date);
  const recent = toIso(p.recent_conversion_date);
  if (first !== undefined)
    forms.push(withTitle({ type: 'form', at: first, id: 'first-conversion' }, p.first_conversion_event_name));
  if (recent !== undefined && recent !== first)
    forms.push(withTitle({ type: 'form', at: recent, id: 'recent-conversion' }, p.recent_conversion_event_name));
  return forms;
}

function firstTime(record: HubSpotRecord, names: readonly string[]): string | undefined {
  for (const name of names) {
    const at = toIso(record.properties[name]);
    if (at !== undefined) return at;
  }
  return undefined;
}

function toIso(value: string | null | undefined): string | undefined {
  const ms = parseHubSpotTime(value);
  return ms === null ? undefined : new Date(ms).toISOString();
}

function withTitle(touchpoint: Touchpoint, title: string | null | undefined): Touchpoint {
  const text = title?.trim();
  return text
    ? { ...touchpoint, title: text.length > TITLE_MAX ? `${text.slice(0, TITLE_MAX - 1)}…` : text }
    : touchpoint;
}
