/*
 * The contact's emails, calls, meetings, tickets and tasks, kept apart from the contact and deal
 * records: the service reads them (touchpoints) through the associations batch read (contacts →
 * emails/calls/meetings/tickets/tasks) and the objects batch read, and creates tasks for owners
 * (tasks batch create), shaped as in the 2026-09 specs
 * (PublicApiSpecs/CRM/{Emails,Calls,Meetings,Tickets,Tasks,Associations}/…/2026-09).
 */
export const ENGAGEMENT_TYPES = ['emails', 'calls', 'meetings', 'tickets', 'tasks'] as const;
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];

export type Engagement = {
  id: string;
  type: EngagementType;
  contactId: string;
  properties: Record<string, string>;
  createdAt: Date;
  /** More contacts on the record (a ticket two people wrote in on), with HubSpot's label if any ("Primary"). */
  moreContacts?: Array<{ contactId: string; label?: string }>;
  /** The label of the association to `contactId`, if it has one. */
  label?: string;
};

/** HUBSPOT_DEFINED association type ids from HubSpot's association type table (contact → ticket 15 also in the v1 associations docs); the service does not read them. */
export const CONTACT_TO: Readonly<Record<EngagementType, number>> = {
  emails: 197,
  calls: 193,
  meetings: 199,
  tickets: 15,
  tasks: 204,
};

export function isEngagementType(value: string): value is EngagementType {
  return (ENGAGEMENT_TYPES as readonly string[]).includes(value);
}

/** Per portal: engagements by id, and each contact's by type in the order they were logged. */
export function createEngagementStore() {
  const byPortal = new Map<string, { nextId: number; records: Map<string, Engagement> }>();
  const of = (portalId: string) => {
    let portal = byPortal.get(portalId);
    if (portal === undefined) {
      portal = { nextId: 50_001, records: new Map() };
      byPortal.set(portalId, portal);
    }
    return portal;
  };
  return {
    /** Logs one engagement on a contact; `properties` as HubSpot names them (hs_timestamp, hs_email_subject, …). */
    add(
      portalId: string,
      type: EngagementType,
      contactId: string,
      properties: Record<string, string>,
      at: Date,
    ): string {
      const portal = of(portalId);
      const id = String(portal.nextId++);
      const createdate = at.toISOString();
      portal.records.set(id, {
        id,
        type,
        contactId,
        createdAt: at,
        properties: { hs_object_id: id, hs_createdate: createdate, createdate, ...properties },
      });
      return id;
    },
    /** Associates another contact with a record (a ticket's second requester); `label` as HubSpot's association labels. */
    associateContact(portalId: string, type: EngagementType, id: string, contactId: string, label?: string): void {
      const found = of(portalId).records.get(id);
      if (found?.type !== type) throw new Error(`[fake-hubspot] no ${type} ${id} in portal ${portalId}`);
      found.moreContacts = [...(found.moreContacts ?? []), { contactId, ...(label ? { label } : {}) }];
    },
    /** Labels the association of a record to its first contact (HubSpot's "Primary"). */
    labelFirstContact(portalId: string, type: EngagementType, id: string, label: string): void {
      const found = of(portalId).records.get(id);
      if (found?.type !== type) throw new Error(`[fake-hubspot] no ${type} ${id} in portal ${portalId}`);
      found.label = label;
    },
    get: (portalId: string, type: EngagementType, id: string) => {
      const found = of(portalId).records.get(id);
      return found?.type === type ? found : undefined;
    },
    /** Ids of the engagements of a type whose contact passes `isContact` (merged ids resolve to one record). */
    idsOf: (portalId: string, type: EngagementType, isContact: (contactId: string) => boolean): string[] =>
      [...of(portalId).records.values()]
        .filter(
          (e) => e.type === type && [e.contactId, ...(e.moreContacts ?? []).map((c) => c.contactId)].some(isContact),
        )
        .map((e) => e.id),
  };
}

export type EngagementStore = ReturnType<typeof createEngagementStore>;
