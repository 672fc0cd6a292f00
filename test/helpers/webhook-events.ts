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
