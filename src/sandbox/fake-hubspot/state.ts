import { createContact, deleteContact, mergeContacts, privacyDelete, updateContact } from './contact-mutations.ts';
import { associate, createDeal, deleteDeal, dissociate, updateDeal } from './deal-mutations.ts';
import { buildPipeline, type StageSpec } from './default-pipeline.ts';
import type { MutationContext, MutationOptions } from './mutation-context.ts';
import { associatedIds, createPortal, findRecord, resolveId, type Portal, type ValidationRule } from './portal.ts';
import { currentProperties, type CrmRecord, type ObjectKind } from './records.ts';
import { restoreRecord } from './restore-record.ts';
import { createTokenStore } from './token-store.ts';
import { createEngagementStore, type EngagementType } from './engagements.ts';
import { createEventFormatter, type EventDraft, type WebhookEvent, type WebhookFormat } from './webhook-events.ts';

export type FakeStateOptions = {
  now: () => Date;
  appId: number;
  webhookFormat: WebhookFormat;
  accessTokenSeconds: number;
};

/** A record as the mutation API reads it back: current values only. */
export type RecordView = { id: string; properties: Record<string, string>; createdAt: Date; updatedAt: Date };

function view(record: CrmRecord | undefined): RecordView | undefined {
  if (record === undefined) return undefined;
  return {
    id: record.id,
    properties: currentProperties(record),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/**
 * The fake's portals and everything that changes them. Each mutation reports the webhook
 * events HubSpot would send for it to the `onEvents` listeners; sending them is the caller's part.
 */
export function createFakeState(options: FakeStateOptions) {
  const portals = new Map<string, Portal>();
  const listeners = new Map<(events: WebhookEvent[]) => void, WebhookFormat>();
  const format = createEventFormatter({ appId: options.appId });
  const tokens = createTokenStore({ now: options.now, accessTokenSeconds: options.accessTokenSeconds });
  const engagements = createEngagementStore();

  const ctx: MutationContext = {
    now: options.now,
    portal(portalId) {
      const portal = portals.get(portalId);
      if (portal === undefined)
        throw new Error(`[fake-hubspot] no portal ${portalId}: call state.addPortal('${portalId}') first`);
      return portal;
    },
    emit(portalId, drafts: EventDraft[]) {
      if (drafts.length === 0) return;
      for (const [listener, listenerFormat] of listeners) listener(format(portalId, drafts, listenerFormat));
    },
  };

  return {
    appId: options.appId,
    now: options.now,
    tokens,
    /** For the fake's HTTP handlers: a portal's data, and the event sink for API writes. */
    portal: ctx.portal,
    hasPortal: (portalId: string) => portals.has(portalId),
    portalIds: () => [...portals.keys()],
    emit: ctx.emit,

    /** A validation rule of the portal: writes of `value` to `property` are refused (see batch update). */
    addValidationRule(portalId: string, rule: ValidationRule): void {
      ctx.portal(portalId).validationRules.push(rule);
    },
    removeValidationRules(portalId: string): void {
      ctx.portal(portalId).validationRules = [];
    },

    addPortal(portalId: string): void {
      if (!/^\d+$/.test(portalId)) throw new Error(`[fake-hubspot] portal ids are numeric, got ${portalId}`);
      if (!portals.has(portalId)) portals.set(portalId, createPortal(portalId));
    },
    addDealPipeline(portalId: string, pipeline: { id: string; label: string; stages: readonly StageSpec[] }): void {
      const portal = ctx.portal(portalId);
      portal.pipelines.push(
        buildPipeline({ ...pipeline, displayOrder: portal.pipelines.length, createdAt: options.now() }),
      );
    },
    /** A new owner of the portal (a user added in HubSpot's settings); returns its id. */
    addOwner(portalId: string, owner: { firstName?: string; lastName?: string; email?: string }): string {
      const portal = ctx.portal(portalId);
      const id = String(72_000_001 + portal.owners.length);
      const at = options.now().toISOString();
      portal.owners.push({ id, type: 'PERSON', archived: false, createdAt: at, updatedAt: at, ...owner, teams: [] });
      return id;
    },
    /** An owner removed from the portal (a deactivated user): the owners API lists it only with archived=true. */
    archiveOwner(portalId: string, ownerId: string): void {
      const owner = ctx.portal(portalId).owners.find((o) => o.id === ownerId);
      if (owner === undefined) throw new Error(`[fake-hubspot] portal ${portalId} has no owner ${ownerId}`);
      owner.archived = true;
      owner.updatedAt = options.now().toISOString();
    },
    /** Reports the events of each change, in `format` (default: the fake's `webhookFormat`). Returns an unsubscribe. */
    onEvents(listener: (events: WebhookEvent[]) => void, listenOptions: { format?: WebhookFormat } = {}): () => void {
      listeners.set(listener, listenOptions.format ?? options.webhookFormat);
      return () => listeners.delete(listener);
    },

    createContact: (portalId: string, values: Record<string, string>, opts?: MutationOptions) =>
      createContact(ctx, portalId, values, opts),
    updateContact: (
      portalId: string,
      contactId: string,
      values: Record<string, string | null>,
      opts?: MutationOptions,
    ) => updateContact(ctx, portalId, contactId, values, opts),
    deleteContact: (portalId: string, contactId: string, opts?: MutationOptions) =>
      deleteContact(ctx, portalId, contactId, opts),
    privacyDelete: (portalId: string, contactId: string, opts?: MutationOptions) =>
      privacyDelete(ctx, portalId, contactId, opts),
    mergeContacts: (portalId: string, primaryId: string, mergedId: string, opts?: MutationOptions) =>
      mergeContacts(ctx, portalId, primaryId, mergedId, opts),
    createDeal: (
      portalId: string,
      values: Record<string, string>,
      contactIds: readonly string[] = [],
      opts?: MutationOptions,
    ) => createDeal(ctx, portalId, values, contactIds, opts),
    updateDeal: (portalId: string, dealId: string, values: Record<string, string | null>, opts?: MutationOptions) =>
      updateDeal(ctx, portalId, dealId, values, opts),
    deleteDeal: (portalId: string, dealId: string, opts?: MutationOptions) => deleteDeal(ctx, portalId, dealId, opts),
    associate: (portalId: string, contactId: string, dealId: string, opts?: MutationOptions) =>
      associate(ctx, portalId, contactId, dealId, opts),
    dissociate: (portalId: string, contactId: string, dealId: string, opts?: MutationOptions) =>
      dissociate(ctx, portalId, contactId, dealId, opts),
    restore: (portalId: string, kind: ObjectKind, id: string, opts?: MutationOptions) =>
      restoreRecord(ctx, portalId, kind, id, opts),

    getContact: (portalId: string, id: string) => view(findRecord(ctx.portal(portalId), 'contact', id)),
    getDeal: (portalId: string, id: string) => view(findRecord(ctx.portal(portalId), 'deal', id)),
    listContacts: (portalId: string) => listLive(ctx.portal(portalId), 'contact'),
    listDeals: (portalId: string) => listLive(ctx.portal(portalId), 'deal'),
    dealIdsOf: (portalId: string, contactId: string) =>
      associatedIds(ctx.portal(portalId), 'contact', resolveId(ctx.portal(portalId), 'contact', contactId)),
    contactIdsOf: (portalId: string, dealId: string) => associatedIds(ctx.portal(portalId), 'deal', dealId),
    /** The id a contact id answers with now (merges make new ids). */
    resolveContactId: (portalId: string, id: string) => resolveId(ctx.portal(portalId), 'contact', id),

    /** An authorization code the token endpoint exchanges once; what HubSpot's consent screen would hand the app. */
    issueAuthCode: (portalId: string, scopes: readonly string[], redirectUri?: string) => {
      ctx.portal(portalId);
      return tokens.issueAuthCode(portalId, scopes, redirectUri);
    },
    /** A non-expiring bearer token for the portal (static auth / single-portal mode). */
    issueStaticToken: (portalId: string, token?: string, scopes?: readonly string[]) => {
      ctx.portal(portalId);
      return tokens.issueStaticToken(portalId, token, scopes);
    },
    uninstall: (portalId: string) => tokens.uninstall(portalId),

    /** Touchpoints: the contact's emails, calls, meetings and tickets (read-only for the service). */
    engagements,
    logEngagement: (
      portalId: string,
      type: EngagementType,
      contactId: string,
      values: Record<string, string>,
      opts: { at?: Date } = {},
    ) =>
      engagements.add(
        portalId,
        type,
        resolveId(ctx.portal(portalId), 'contact', contactId),
        values,
        opts.at ?? options.now(),
      ),
  };
}

function listLive(portal: Portal, kind: ObjectKind): RecordView[] {
  return [...portal.records[kind].values()]
    .filter((record) => !record.archived)
    .map((record) => view(record))
    .filter((record): record is RecordView => record !== undefined);
}

export type FakeState = ReturnType<typeof createFakeState>;
