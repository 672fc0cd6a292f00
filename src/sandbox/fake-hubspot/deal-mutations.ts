import { changeOf, mustFind, mustNormalize, type MutationContext, type MutationOptions } from './mutation-context.ts';
import { link, nextObjectId, type Portal } from './portal.ts';
import { newRecord, currentValue } from './records.ts';
import type { EventDraft } from './webhook-events.ts';
import type { Change } from './write-record.ts';
import { writeRecord } from './write-record.ts';

/** An association change is reported from both sides: contact→deal and deal→contact. */
function associationDrafts(contactId: string, dealId: string, removed: boolean, change: Change): EventDraft[] {
  const base = {
    kind: 'associationChange',
    occurredAt: change.at,
    source: change.source,
    associationRemoved: removed,
  } as const;
  return [
    { ...base, objectType: 'contact', fromObjectId: contactId, toObjectId: dealId },
    { ...base, objectType: 'deal', fromObjectId: dealId, toObjectId: contactId },
  ];
}

function setLink(portal: Portal, contactId: string, dealId: string, linked: boolean, change: Change): EventDraft[] {
  const contact = mustFind(portal, 'contact', contactId);
  const deal = mustFind(portal, 'deal', dealId);
  return link(portal, contact.id, deal.id, linked) ? associationDrafts(contact.id, deal.id, !linked, change) : [];
}

/**
 * A new deal, in the default pipeline's first stage unless `pipeline`/`dealstage` say
 * otherwise, associated with `contactIds`. Returns its id.
 */
export function createDeal(
  ctx: MutationContext,
  portalId: string,
  values: Record<string, string>,
  contactIds: readonly string[] = [],
  options?: MutationOptions,
): string {
  const portal = ctx.portal(portalId);
  const pipelineId = values.pipeline ?? 'default';
  const firstStage = portal.pipelines.find((p) => p.id === pipelineId)?.stages[0]?.id ?? '';
  const normalized = mustNormalize(portal, 'deal', { pipeline: pipelineId, dealstage: firstStage, ...values });
  const change = changeOf(ctx, options);
  const record = newRecord('deal', nextObjectId(portal), change.at);
  portal.records.deal.set(record.id, record);
  ctx.emit(portalId, [
    { kind: 'creation', objectType: 'deal', objectId: record.id, occurredAt: change.at, source: change.source },
    ...writeRecord(portal, record, normalized, change),
    ...contactIds.flatMap((contactId) => setLink(portal, contactId, record.id, true, change)),
  ]);
  return record.id;
}

/** Moving a deal is `updateDeal(portalId, id, { dealstage: 'closedwon' })`; won/closed flags follow. */
export function updateDeal(
  ctx: MutationContext,
  portalId: string,
  dealId: string,
  values: Record<string, string | null>,
  options?: MutationOptions,
): void {
  const portal = ctx.portal(portalId);
  const record = mustFind(portal, 'deal', dealId);
  const normalized = mustNormalize(portal, 'deal', values, currentValue(record, 'pipeline'));
  ctx.emit(portalId, writeRecord(portal, record, normalized, changeOf(ctx, options)));
}

export function deleteDeal(ctx: MutationContext, portalId: string, dealId: string, options?: MutationOptions): void {
  const record = mustFind(ctx.portal(portalId), 'deal', dealId);
  const change = changeOf(ctx, options);
  record.archived = true;
  record.archivedAt = change.at;
  ctx.emit(portalId, [
    { kind: 'deletion', objectType: 'deal', objectId: record.id, occurredAt: change.at, source: change.source },
  ]);
}

export function associate(
  ctx: MutationContext,
  portalId: string,
  contactId: string,
  dealId: string,
  options?: MutationOptions,
): void {
  ctx.emit(portalId, setLink(ctx.portal(portalId), contactId, dealId, true, changeOf(ctx, options)));
}

export function dissociate(
  ctx: MutationContext,
  portalId: string,
  contactId: string,
  dealId: string,
  options?: MutationOptions,
): void {
  ctx.emit(portalId, setLink(ctx.portal(portalId), contactId, dealId, false, changeOf(ctx, options)));
}
