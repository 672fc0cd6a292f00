import { normalizeProperties } from './property-values.ts';
import { findRecord, type Portal } from './portal.ts';
import type { CrmRecord, ObjectKind } from './records.ts';
import type { ChangeSource, EventDraft } from './webhook-events.ts';
import type { Change } from './write-record.ts';

/** What the mutation functions need from the state: portals, the clock and the event sink. */
export type MutationContext = {
  portal: (portalId: string) => Portal;
  now: () => Date;
  emit: (portalId: string, drafts: EventDraft[]) => void;
};

/**
 * Options of every mutation: `at` backdates the change (seeding history; default now),
 * `source` says who made it (default: a user in HubSpot's UI).
 */
export type MutationOptions = { at?: Date; source?: ChangeSource & { sourceType?: string } };

export const SANDBOX_USER_SOURCE: ChangeSource = { changeSource: 'CRM_UI', sourceId: 'userId:1000001' };

export function changeOf(ctx: MutationContext, options: MutationOptions = {}): Change {
  const source: NonNullable<MutationOptions['source']> = options.source ?? SANDBOX_USER_SOURCE;
  return {
    at: options.at ?? ctx.now(),
    source: {
      changeSource: source.changeSource,
      ...(source.sourceId === undefined ? {} : { sourceId: source.sourceId }),
    },
    history: {
      sourceType: source.sourceType ?? source.changeSource,
      ...(source.sourceId === undefined ? {} : { sourceId: source.sourceId }),
    },
  };
}

export function mustFind(portal: Portal, kind: ObjectKind, id: string, archived = false): CrmRecord {
  const record = findRecord(portal, kind, id, archived);
  if (record === undefined) {
    throw new Error(`[fake-hubspot] no ${archived ? 'archived ' : ''}${kind} ${id} in portal ${portal.portalId}`);
  }
  return record;
}

/** Values from the mutation API are checked like API writes, except that HubSpot itself may set read-only ones. */
export function mustNormalize(
  portal: Portal,
  kind: ObjectKind,
  values: Record<string, string | null>,
  currentPipeline?: string,
): Record<string, string> {
  const result = normalizeProperties(portal, kind, values, {
    enforceReadOnly: false,
    ...(currentPipeline === undefined ? {} : { currentPipeline }),
  });
  if (!result.success) {
    throw new Error(
      `[fake-hubspot] refused ${kind} values: ${result.errors.map((e) => `${e.name}: ${e.message}`).join('; ')}`,
    );
  }
  return result.data;
}
