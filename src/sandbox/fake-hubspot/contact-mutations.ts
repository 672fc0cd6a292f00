import { changeOf, mustFind, mustNormalize, type MutationContext, type MutationOptions } from './mutation-context.ts';
import { link, nextObjectId } from './portal.ts';
import { mergeRecords, newRecord } from './records.ts';
import { writeRecord } from './write-record.ts';

/** A new contact; HubSpot sends contact.creation and a propertyChange for each value set. Returns its id. */
export function createContact(
  ctx: MutationContext,
  portalId: string,
  values: Record<string, string>,
  options?: MutationOptions,
): string {
  const portal = ctx.portal(portalId);
  const normalized = mustNormalize(portal, 'contact', values);
  const change = changeOf(ctx, options);
  const record = newRecord('contact', nextObjectId(portal), change.at);
  portal.records.contact.set(record.id, record);
  ctx.emit(portalId, [
    { kind: 'creation', objectType: 'contact', objectId: record.id, occurredAt: change.at, source: change.source },
    ...writeRecord(portal, record, normalized, change),
  ]);
  return record.id;
}

export function updateContact(
  ctx: MutationContext,
  portalId: string,
  contactId: string,
  values: Record<string, string | null>,
  options?: MutationOptions,
): void {
  const portal = ctx.portal(portalId);
  const record = mustFind(portal, 'contact', contactId);
  ctx.emit(portalId, writeRecord(portal, record, mustNormalize(portal, 'contact', values), changeOf(ctx, options)));
}

/** Archives the contact (restorable for 90 days in HubSpot); its id answers 404 until restored. */
export function deleteContact(
  ctx: MutationContext,
  portalId: string,
  contactId: string,
  options?: MutationOptions,
): void {
  const record = mustFind(ctx.portal(portalId), 'contact', contactId);
  const change = changeOf(ctx, options);
  record.archived = true;
  record.archivedAt = change.at;
  ctx.emit(portalId, [
    { kind: 'deletion', objectType: 'contact', objectId: record.id, occurredAt: change.at, source: change.source },
  ]);
}

/**
 * GDPR deletion: the record and its history are gone for good. HubSpot sends
 * contact.privacyDeletion and contact.deletion, in any order and maybe in different
 * requests (docs/hubspot.md, Webhooks); they are reported here as two separate batches.
 */
export function privacyDelete(
  ctx: MutationContext,
  portalId: string,
  contactId: string,
  options?: MutationOptions,
): void {
  const portal = ctx.portal(portalId);
  const record = mustFind(portal, 'contact', contactId);
  const change = changeOf(ctx, options);
  portal.records.contact.delete(record.id);
  for (const dealId of portal.dealsOfContact.get(record.id) ?? []) link(portal, record.id, dealId, false);
  for (const [oldId, newId] of portal.mergedInto) if (newId === record.id) portal.mergedInto.delete(oldId);
  const base = { objectType: 'contact', objectId: record.id, occurredAt: change.at, source: change.source } as const;
  ctx.emit(portalId, [{ ...base, kind: 'privacyDeletion' }]);
  ctx.emit(portalId, [{ ...base, kind: 'deletion' }]);
}

/**
 * HubSpot's merge since 2024: a NEW record with a new id takes both histories and the
 * associations; both old ids keep resolving to it (changelog "Updated merge functionality
 * for contacts and companies"). Returns the new id.
 */
export function mergeContacts(
  ctx: MutationContext,
  portalId: string,
  primaryId: string,
  mergedId: string,
  options?: MutationOptions,
): string {
  const portal = ctx.portal(portalId);
  const primary = mustFind(portal, 'contact', primaryId);
  const merged = mustFind(portal, 'contact', mergedId);
  if (primary.id === merged.id) throw new Error(`[fake-hubspot] cannot merge contact ${primary.id} into itself`);
  const change = changeOf(ctx, options);
  const { record, moved } = mergeRecords(nextObjectId(portal), primary, merged, change.at);
  portal.records.contact.set(record.id, record);
  for (const old of [primary, merged]) {
    portal.records.contact.delete(old.id);
    portal.mergedInto.set(old.id, record.id);
    for (const dealId of [...(portal.dealsOfContact.get(old.id) ?? [])]) {
      link(portal, old.id, dealId, false);
      link(portal, record.id, dealId, true);
    }
  }
  ctx.emit(portalId, [
    {
      kind: 'merge',
      objectType: 'contact',
      objectId: record.id,
      occurredAt: change.at,
      source: change.source,
      primaryObjectId: primary.id,
      mergedObjectIds: [merged.id],
      numberOfPropertiesMoved: moved,
    },
  ]);
  return record.id;
}
