import type { Pipeline, Property, PropertyGroup, PublicOwner } from './spec-schemas.ts';
import { demoOwners } from './owners.ts';
import { defaultDealPipeline } from './default-pipeline.ts';
import type { CrmRecord, ObjectKind } from './records.ts';
import { standardGroups, standardProperties } from './standard-properties.ts';

/** One HubSpot account (portal, hub) with its CRM data. */
export type Portal = {
  portalId: string;
  nextId: number;
  records: Record<ObjectKind, Map<string, CrmRecord>>;
  /** Old contact id → the id its merge created; both merged ids keep resolving. */
  mergedInto: Map<string, string>;
  /** Contact ↔ deal associations, kept in both directions. */
  dealsOfContact: Map<string, Set<string>>;
  contactsOfDeal: Map<string, Set<string>>;
  pipelines: Pipeline[];
  properties: Record<ObjectKind, Map<string, Property>>;
  groups: Record<ObjectKind, Map<string, PropertyGroup>>;
  /** Users and queues that can own records, archived ones too (served by the owners API). */
  owners: PublicOwner[];
  /** Where the account lives: app.hubspot.com (na1) or app-eu1.hubspot.com (eu1). */
  dataHosting: { uiDomain: string; dataHostingLocation: string };
  /**
   * The account's property validation rules (an admin's "Set validation rules" on a property):
   * a write of `value` to `property` of the object type is refused with `message`.
   */
  validationRules: ValidationRule[];
};

export type ValidationRule = { kind: ObjectKind; property: string; value: string; message: string };

function byName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.name, item]));
}

export function createPortal(portalId: string): Portal {
  return {
    portalId,
    // HubSpot ids are numeric strings; one counter keeps contact and deal ids apart in logs.
    nextId: 101,
    records: { contact: new Map(), deal: new Map() },
    mergedInto: new Map(),
    dealsOfContact: new Map(),
    contactsOfDeal: new Map(),
    pipelines: [defaultDealPipeline()],
    properties: { contact: byName(standardProperties('contact')), deal: byName(standardProperties('deal')) },
    groups: { contact: byName(standardGroups('contact')), deal: byName(standardGroups('deal')) },
    owners: demoOwners(new Date('2026-01-05T09:00:00.000Z')),
    dataHosting: { uiDomain: 'app.hubspot.com', dataHostingLocation: 'na1' },
    validationRules: [],
  };
}

export function nextObjectId(portal: Portal): string {
  const id = String(portal.nextId);
  portal.nextId += 1;
  return id;
}

/** Follows merges: an old id answers with the record its merge created. */
export function resolveId(portal: Portal, kind: ObjectKind, id: string): string {
  if (kind !== 'contact') return id;
  let current = id;
  for (let hops = 0; hops < 100; hops += 1) {
    const next = portal.mergedInto.get(current);
    if (next === undefined) return current;
    current = next;
  }
  return current;
}

/** The live (or, with `archived`, the archived) record an id resolves to. */
export function findRecord(portal: Portal, kind: ObjectKind, id: string, archived = false): CrmRecord | undefined {
  const record = portal.records[kind].get(resolveId(portal, kind, id));
  return record !== undefined && record.archived === archived ? record : undefined;
}

export function associatedIds(portal: Portal, kind: ObjectKind, id: string): string[] {
  const links = kind === 'contact' ? portal.dealsOfContact.get(id) : portal.contactsOfDeal.get(id);
  const other: ObjectKind = kind === 'contact' ? 'deal' : 'contact';
  return [...(links ?? [])].filter((otherId) => findRecord(portal, other, otherId) !== undefined);
}

export function link(portal: Portal, contactId: string, dealId: string, linked: boolean): boolean {
  const deals = portal.dealsOfContact.get(contactId) ?? new Set<string>();
  const contacts = portal.contactsOfDeal.get(dealId) ?? new Set<string>();
  const had = deals.has(dealId);
  if (linked) {
    deals.add(dealId);
    contacts.add(contactId);
  } else {
    deals.delete(dealId);
    contacts.delete(contactId);
  }
  portal.dealsOfContact.set(contactId, deals);
  portal.contactsOfDeal.set(dealId, contacts);
  return had !== linked;
}

/** The stage's pipeline metadata, or undefined when no pipeline of the portal has it. */
export function findStage(portal: Portal, pipelineId: string | undefined, stageId: string) {
  const pipelines = pipelineId === undefined ? portal.pipelines : portal.pipelines.filter((p) => p.id === pipelineId);
  for (const pipeline of pipelines) {
    const stage = pipeline.stages.find((s) => s.id === stageId);
    if (stage !== undefined) return { pipeline, stage };
  }
  return undefined;
}
