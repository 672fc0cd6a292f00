import { changeOf, mustFind, type MutationContext, type MutationOptions } from './mutation-context.ts';
import type { ObjectKind } from './records.ts';

/** Brings back an archived contact or deal, with its associations (contact.restore / deal.restore). */
export function restoreRecord(
  ctx: MutationContext,
  portalId: string,
  kind: ObjectKind,
  id: string,
  options?: MutationOptions,
): void {
  const record = mustFind(ctx.portal(portalId), kind, id, true);
  const change = changeOf(ctx, options);
  record.archived = false;
  delete record.archivedAt;
  ctx.emit(portalId, [
    { kind: 'restore', objectType: kind, objectId: record.id, occurredAt: change.at, source: change.source },
  ]);
}
