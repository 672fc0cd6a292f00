import type { ObjectKind } from './records.ts';

/*
 * The webhook events a change would make HubSpot send, in HubSpot's two payload formats:
 * legacy (`contact.propertyChange`, …) and generic (`object.propertyChange` with
 * `objectTypeId` 0-1 / 0-3). Sources: developers.hubspot.com webhooks guide ("Webhook
 * payloads"), changelogs "New subscription types for Webhooks" (merge, restore and
 * association fields) and "Public Beta: Generic Webhook Subscriptions". Ids are numbers
 * in payloads; association events carry from/to ids and no objectId.
 */

/** Who made a change: `changeSource` CRM_UI, INTEGRATION, API, IMPORT, …; `sourceId` e.g. "userId:…" or the app id. */
export type ChangeSource = { changeSource: string; sourceId?: string };

type Base = { objectType: ObjectKind; occurredAt: Date; source: ChangeSource };
export type EventDraft =
  | (Base & { kind: 'creation' | 'deletion' | 'restore' | 'privacyDeletion'; objectId: string })
  | (Base & { kind: 'propertyChange'; objectId: string; propertyName: string; propertyValue: string })
  | (Base & {
      kind: 'merge';
      objectId: string;
      primaryObjectId: string;
      mergedObjectIds: string[];
      numberOfPropertiesMoved: number;
    })
  | (Base & { kind: 'associationChange'; fromObjectId: string; toObjectId: string; associationRemoved: boolean });

export type WebhookEvent = {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId?: number;
  objectTypeId?: string;
  changeFlag?: string;
  changeSource?: string;
  sourceId?: string;
  propertyName?: string;
  propertyValue?: string;
  primaryObjectId?: number;
  mergedObjectIds?: number[];
  newObjectId?: number;
  numberOfPropertiesMoved?: number;
  associationType?: string;
  fromObjectId?: number;
  toObjectId?: number;
  fromObjectTypeId?: string;
  toObjectTypeId?: string;
  associationRemoved?: boolean;
  isPrimaryAssociation?: boolean;
  associationCategory?: string;
  associationTypeId?: number;
};

export type WebhookFormat = 'legacy' | 'generic';

export const OBJECT_TYPE_ID: Readonly<Record<ObjectKind, string>> = { contact: '0-1', deal: '0-3' };
/** HUBSPOT_DEFINED association type ids: contact→deal 4, deal→contact 3. */
const ASSOCIATION_TYPE_ID: Readonly<Record<ObjectKind, number>> = { contact: 4, deal: 3 };
const CHANGE_FLAG: Partial<Record<EventDraft['kind'], string>> = {
  creation: 'CREATED',
  deletion: 'DELETED',
  restore: 'RESTORED',
  merge: 'MERGED',
};

const other = (kind: ObjectKind): ObjectKind => (kind === 'contact' ? 'deal' : 'contact');

function subscriptionType(draft: EventDraft, format: WebhookFormat): string {
  // Privacy deletion is a hub event, named the same in both formats.
  if (draft.kind === 'privacyDeletion') return 'contact.privacyDeletion';
  return `${format === 'generic' ? 'object' : draft.objectType}.${draft.kind}`;
}

function details(draft: EventDraft, format: WebhookFormat): Partial<WebhookEvent> {
  const generic = format === 'generic' && draft.kind !== 'privacyDeletion';
  const typeId = generic ? { objectTypeId: OBJECT_TYPE_ID[draft.objectType] } : {};
  const flag = CHANGE_FLAG[draft.kind] === undefined ? {} : { changeFlag: CHANGE_FLAG[draft.kind] };
  switch (draft.kind) {
    case 'creation':
    case 'deletion':
    case 'restore':
    case 'privacyDeletion':
      return { objectId: Number(draft.objectId), ...typeId, ...flag };
    case 'propertyChange':
      return {
        objectId: Number(draft.objectId),
        ...typeId,
        propertyName: draft.propertyName,
        propertyValue: draft.propertyValue,
      };
    case 'merge':
      return {
        objectId: Number(draft.objectId),
        ...typeId,
        ...flag,
        primaryObjectId: Number(draft.primaryObjectId),
        mergedObjectIds: draft.mergedObjectIds.map(Number),
        newObjectId: Number(draft.objectId),
        numberOfPropertiesMoved: draft.numberOfPropertiesMoved,
      };
    case 'associationChange': {
      const to = other(draft.objectType);
      return {
        associationType: `${draft.objectType.toUpperCase()}_TO_${to.toUpperCase()}`,
        fromObjectId: Number(draft.fromObjectId),
        toObjectId: Number(draft.toObjectId),
        associationRemoved: draft.associationRemoved,
        isPrimaryAssociation: false,
        ...(generic
          ? {
              fromObjectTypeId: OBJECT_TYPE_ID[draft.objectType],
              toObjectTypeId: OBJECT_TYPE_ID[to],
              associationCategory: 'HUBSPOT_DEFINED',
              associationTypeId: ASSOCIATION_TYPE_ID[draft.objectType],
            }
          : {}),
      };
    }
    default: {
      const unreachable: never = draft;
      return unreachable;
    }
  }
}

/** Turns drafts into payload events with increasing eventIds and one subscriptionId per subscription. */
export function createEventFormatter(options: { appId: number }) {
  let nextEventId = 1;
  const subscriptionIds = new Map<string, number>();
  return (portalId: string, drafts: readonly EventDraft[], format: WebhookFormat): WebhookEvent[] =>
    drafts.map((draft) => {
      const type = subscriptionType(draft, format);
      const key = `${type}/${draft.objectType}`;
      const subscriptionId = subscriptionIds.get(key) ?? 1_000 + subscriptionIds.size;
      subscriptionIds.set(key, subscriptionId);
      return {
        eventId: nextEventId++,
        subscriptionId,
        portalId: Number(portalId),
        appId: options.appId,
        occurredAt: draft.occurredAt.getTime(),
        subscriptionType: type,
        attemptNumber: 0,
        ...details(draft, format),
        changeSource: draft.source.changeSource,
        ...(draft.source.sourceId === undefined ? {} : { sourceId: draft.source.sourceId }),
      };
    });
}
