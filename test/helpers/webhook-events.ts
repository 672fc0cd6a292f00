/** HubSpot webhook events in the legacy format, as a portal sends them. */
let seq = 1;

export function contactPropertyChange(over: {
  portalId?: number;
  objectId: number;
  propertyName?: string;
  propertyValue?: string;
  occurredAt?: number;
  eventId?: number;
  changeSource?: string;
  sourceId?: string;
}): Record<string, unknown> {
  return {
    eventId: over.eventId ?? seq++,
    subscriptionId: 2000,
    portalId: over.portalId ?? 62515,
    appId: 424242,
    occurredAt: over.occurredAt ?? Date.now(),
    subscriptionType: 'contact.propertyChange',
    attemptNumber: 0,
    objectId: over.objectId,
    propertyName: over.propertyName ?? 'lifecyclestage',
    propertyValue: over.propertyValue ?? 'lead',
    changeSource: over.changeSource ?? 'CRM_UI',
    ...(over.sourceId ? { sourceId: over.sourceId } : {}),
  };
}

export function contactCreation(objectId: number, portalId = 62515, occurredAt = Date.now()): Record<string, unknown> {
  return {
    eventId: seq++,
    subscriptionId: 2001,
    portalId,
    appId: 424242,
    occurredAt,
    subscriptionType: 'contact.creation',
    attemptNumber: 0,
    objectId,
    changeFlag: 'CREATED',
    changeSource: 'CRM_UI',
  };
}

/** A generic-format (developer platform) creation event: objectTypeId names the object. */
export function genericCreation(
  objectId: number,
  objectTypeId = '0-1',
  portalId = 62515,
  occurredAt = Date.now(),
): Record<string, unknown> {
  return {
    eventId: seq++,
    subscriptionId: 3001,
    portalId,
    appId: 424242,
    occurredAt,
    subscriptionType: 'object.creation',
    attemptNumber: 0,
    objectId,
    objectTypeId,
    changeFlag: 'CREATED',
    changeSource: 'CRM_UI',
  };
}

/**
 * A generic-format association change. HubSpot records an association from either side: a contact
 * subscription also receives deal→contact changes.
 */
export function genericAssociation(
  fromObjectId: number,
  toObjectId: number,
  over: {
    fromObjectTypeId?: string;
    toObjectTypeId?: string;
    associationRemoved?: boolean;
    portalId?: number;
    occurredAt?: number;
  } = {},
): Record<string, unknown> {
  const fromObjectTypeId = over.fromObjectTypeId ?? '0-1';
  return {
    eventId: seq++,
    subscriptionId: 3002,
    portalId: over.portalId ?? 62515,
    appId: 424242,
    occurredAt: over.occurredAt ?? Date.now(),
    subscriptionType: 'object.associationChange',
    attemptNumber: 0,
    changeSource: 'CRM_UI',
    fromObjectTypeId,
    fromObjectId,
    toObjectTypeId: over.toObjectTypeId ?? '0-3',
    toObjectId,
    associationTypeId: fromObjectTypeId === '0-1' ? 4 : 3,
    associationCategory: 'HUBSPOT_DEFINED',
    associationRemoved: over.associationRemoved ?? false,
    isPrimaryAssociation: false,
  };
}
