import type { z } from 'zod';
import {
  AssociationFields,
  EVENT_KINDS,
  HubSpotEventEnvelope,
  HubSpotId,
  MergeFields,
  PropertyChangeFields,
  TOUCHPOINT_LEGACY_NAMES,
  TOUCHPOINT_TYPE_IDS,
  dedupeKeyOf,
  objectTypeOfId,
} from './hubspot-events.ts';
import type { EventKind } from './hubspot-events.ts';
import type { ObjectType, UnkeyedWebhookEvent, WebhookEvent } from '../store/webhook-event.ts';

/** A contact whose touchpoints (tickets, emails, calls, meetings) an association change altered. */
export type TouchpointChange = { portalId: string; contactId: string };

export type ParseEventResult =
  | { success: true; data: WebhookEvent }
  | { success: true; data: null; ignored: string }
  | { success: true; data: null; touchpoints: TouchpointChange }
  | { success: false; errors: string[] };

export type Quarantined = { raw: unknown; reason: string; portalId: string | null };
export type ParseBatchResult =
  | { success: false; error: string }
  | {
      success: true;
      events: WebhookEvent[];
      quarantined: Quarantined[];
      ignored: number;
      /** Contacts whose touchpoint cache is to expire, each once. */
      touchpoints: TouchpointChange[];
    };

type Envelope = z.infer<typeof HubSpotEventEnvelope>;
// biome-ignore lint/suspicious/noRedeclare: zod's idiom, the schema and its type share the name
type AssociationFields = z.infer<typeof AssociationFields>;
type Failure = { success: false; errors: string[] };
type Ignored = { success: true; data: null; ignored: string };

const issuesOf = (error: z.ZodError): string[] =>
  error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
const fail = (...errors: string[]): Failure => ({ success: false, errors });
const ignore = (reason: string): Ignored => ({ success: true, data: null, ignored: reason });
const isKind = (action: string): action is EventKind => (EVENT_KINDS as readonly string[]).includes(action);

/** Which kind of event, in which format, about which object type (legacy names it in subscriptionType). */
function classify(
  subscriptionType: string,
): Failure | Ignored | { format: 'legacy' | 'generic'; kind: EventKind; legacyType: ObjectType | null } {
  // Stryker disable next-line StringLiteral: the envelope's regex makes it "<object>.<action>": both parts exist, the defaults are for the type
  const [prefix = '', action = ''] = subscriptionType.split('.');
  if (prefix !== 'object' && prefix !== 'contact' && prefix !== 'deal') return ignore(`${prefix} events are not used`);
  const supported = isKind(action) && (action !== 'privacyDeletion' || prefix === 'contact');
  if (!isKind(action) || !supported) return fail(`subscriptionType: unsupported "${subscriptionType}"`);
  return prefix === 'object'
    ? { format: 'generic', kind: action, legacyType: null }
    : { format: 'legacy', kind: action, legacyType: prefix };
}

function objectTypeFrom(
  typeId: string | undefined,
  field: string,
  legacyType: ObjectType | null,
): ObjectType | Failure | Ignored {
  if (legacyType !== null) return legacyType;
  if (typeId === undefined) return fail(`${field}: required for object.* events`);
  return objectTypeOfId(typeId) ?? ignore(`object type ${typeId} is not used`);
}

const LEGACY_OBJECT_NAMES: Readonly<Record<string, ObjectType>> = { CONTACT: 'contact', DEAL: 'deal' };

/** The other side of an association: from toObjectTypeId, else from a legacy type like "CONTACT_TO_DEAL". */
function counterpartOf(fields: AssociationFields): ObjectType | null | Ignored {
  const { toObjectTypeId, associationType } = fields;
  if (toObjectTypeId !== undefined)
    return objectTypeOfId(toObjectTypeId) ?? ignore(`association with ${toObjectTypeId} is not used`);
  // Stryker disable next-line StringLiteral: any text without "_TO_" matches nothing, as '' does
  const named = /_TO_([A-Z]+)/.exec(associationType ?? '')?.[1];
  if (named === undefined) return null;
  return (
    (Object.hasOwn(LEGACY_OBJECT_NAMES, named) ? LEGACY_OBJECT_NAMES[named] : undefined) ??
    ignore(`association ${associationType} is not used`)
  );
}

const isSettled = (value: unknown): value is Failure | Ignored =>
  typeof value === 'object' && value !== null && 'success' in value;
const finish = (event: UnkeyedWebhookEvent): ParseEventResult => ({
  success: true,
  data: { ...event, dedupeKey: dedupeKeyOf(event) },
});

type Context = { raw: unknown; envelope: Envelope; legacyType: ObjectType | null; base: Base };
/** What every kind shares: the envelope, before the kind-specific fields are known. */
type Base = Omit<
  Extract<WebhookEvent, { kind: 'propertyChange' }>,
  'kind' | 'objectType' | 'objectId' | 'propertyName' | 'propertyValue' | 'dedupeKey'
>;

/**
 * The contact of an association between a contact and one of its touchpoints, from either side
 * (HubSpot reports it from each: changelog "Bugfix: Webhook AssociationChanges"), else null.
 */
function touchpointContact(
  fields: AssociationFields,
  fromTypeId: string | undefined,
  legacyType: ObjectType | null,
  fromId: string | undefined,
): string | null {
  // Stryker disable next-line StringLiteral: any text without "_TO_" matches nothing, as '' does
  const legacyOther = /_TO_([A-Z]+)/.exec(fields.associationType ?? '')?.[1];
  const fromContact = legacyType === 'contact' || fromTypeId === '0-1';
  const toTouchpoint =
    fields.toObjectTypeId !== undefined
      ? TOUCHPOINT_TYPE_IDS.has(fields.toObjectTypeId)
      : legacyOther !== undefined && TOUCHPOINT_LEGACY_NAMES.has(legacyOther);
  if (fromContact && toTouchpoint) return fromId ?? null;
  const fromTouchpoint = fromTypeId !== undefined && TOUCHPOINT_TYPE_IDS.has(fromTypeId);
  return fromTouchpoint && fields.toObjectTypeId === '0-1' ? fields.toObjectId : null;
}

function associationEvent({ raw, envelope, legacyType, base }: Context): ParseEventResult {
  const fields = AssociationFields.safeParse(raw);
  if (!fields.success) return fail(...issuesOf(fields.error));
  const fromTypeId = fields.data.fromObjectTypeId ?? envelope.objectTypeId;
  const contactId = touchpointContact(
    fields.data,
    fromTypeId,
    legacyType,
    envelope.objectId ?? fields.data.fromObjectId,
  );
  if (contactId !== null) return { success: true, data: null, touchpoints: { portalId: base.portalId, contactId } };
  const from = objectTypeFrom(fromTypeId, 'fromObjectTypeId', legacyType);
  if (isSettled(from)) return from;
  const to = counterpartOf(fields.data);
  if (isSettled(to)) return to;
  const fromId = envelope.objectId ?? fields.data.fromObjectId;
  if (fromId === undefined) return fail('objectId: required');
  const { associationRemoved, isPrimaryAssociation, associationType, associationTypeId, associationCategory } =
    fields.data;
  // HubSpot reports an association between two object types from each side (changelog "Bugfix:
  // Webhook AssociationChanges": contact→company and company→contact), and a contact
  // subscription also receives deal→contact changes (fromObjectTypeId 0-3, toObjectTypeId 0-1).
  // The contact is what is derived again, so the event is told from its side.
  const flip = from === 'deal' && to === 'contact';
  const [objectType, objectId, toObjectType, toObjectId] = flip
    ? ['contact' as const, fields.data.toObjectId, 'deal' as const, fromId]
    : [from, fromId, to, fields.data.toObjectId];
  return finish({
    ...base,
    kind: 'associationChange',
    objectType,
    objectId,
    toObjectType,
    toObjectId,
    associationRemoved,
    isPrimaryAssociation: isPrimaryAssociation ?? null,
    associationType: associationType ?? null,
    associationTypeId: associationTypeId ?? null,
    associationCategory: associationCategory ?? null,
  });
}

function objectEvent(
  kind: Exclude<EventKind, 'associationChange'>,
  { raw, envelope, legacyType, base }: Context,
): ParseEventResult {
  const objectType = objectTypeFrom(envelope.objectTypeId, 'objectTypeId', legacyType);
  if (isSettled(objectType)) return objectType;
  if (kind === 'merge') {
    const fields = MergeFields.safeParse(raw);
    if (!fields.success) return fail(...issuesOf(fields.error));
    const { primaryObjectId, mergedObjectIds, numberOfPropertiesMoved } = fields.data;
    const newObjectId = fields.data.newObjectId ?? primaryObjectId;
    const objectId = envelope.objectId ?? newObjectId;
    return finish({
      ...base,
      kind,
      objectType,
      objectId,
      primaryObjectId,
      mergedObjectIds,
      newObjectId,
      numberOfPropertiesMoved: numberOfPropertiesMoved ?? null,
    });
  }
  const objectId = envelope.objectId;
  if (objectId === undefined) return fail('objectId: required');
  if (kind !== 'propertyChange') return finish({ ...base, kind, objectType, objectId });
  const fields = PropertyChangeFields.safeParse(raw);
  if (!fields.success) return fail(...issuesOf(fields.error));
  return finish({
    ...base,
    kind,
    objectType,
    objectId,
    propertyName: fields.data.propertyName,
    propertyValue: fields.data.propertyValue ?? null,
  });
}

/** One HubSpot event (either format) → our WebhookEvent, a reason to ignore it, or what is wrong with it. */
export function parseEvent(raw: unknown): ParseEventResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('event: expected an object');
  const envelope = HubSpotEventEnvelope.safeParse(raw);
  if (!envelope.success) return fail(...issuesOf(envelope.error));
  const classified = classify(envelope.data.subscriptionType);
  if (isSettled(classified)) return classified;
  const e = envelope.data;
  const base: Base = {
    format: classified.format,
    portalId: e.portalId,
    occurredAt: e.occurredAt,
    eventId: e.eventId,
    subscriptionType: e.subscriptionType,
    subscriptionId: e.subscriptionId ?? null,
    appId: e.appId ?? null,
    attemptNumber: e.attemptNumber ?? null,
    changeSource: e.changeSource ?? null,
    sourceId: e.sourceId ?? null,
  };
  const context: Context = { raw, envelope: e, legacyType: classified.legacyType, base };
  return classified.kind === 'associationChange' ? associationEvent(context) : objectEvent(classified.kind, context);
}

/** The portal a malformed event names, if it names one readably, so quarantine can be shown per portal. */
export function portalIdOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !('portalId' in raw)) return null;
  const parsed = HubSpotId.safeParse(raw.portalId);
  return parsed.success ? parsed.data : null;
}

/**
 * How far after its arrival an event may say it happened. HubSpot sends what already happened;
 * a later time would date stages and segment values in the future, and every real change
 * after it would sort before it. A day covers any clock skew.
 */
const MAX_AHEAD_MS = 86_400_000;

/**
 * A webhook body → its events, each parsed on its own: a bad event goes to quarantine and the
 * rest of the batch goes on; events for objects we do not use are counted as ignored; the same
 * event twice in one batch is kept once. Given `receivedAt`, an event dated more than a day
 * after it is quarantined.
 */
export function parseBatch(body: unknown, o: { receivedAt?: Date } = {}): ParseBatchResult {
  if (!Array.isArray(body)) return { success: false, error: 'webhook body: expected a JSON array of events' };
  const events = new Map<string, WebhookEvent>();
  const quarantined: Quarantined[] = [];
  const latest = o.receivedAt ? o.receivedAt.getTime() + MAX_AHEAD_MS : Number.POSITIVE_INFINITY;
  let ignored = 0;
  const touchpoints = new Map<string, TouchpointChange>();
  for (const raw of body as unknown[]) {
    const parsed = parseEvent(raw);
    const result: ParseEventResult =
      parsed.success && parsed.data !== null && parsed.data.occurredAt > latest
        ? fail(
            `occurredAt: ${new Date(parsed.data.occurredAt).toISOString()} is more than a day after the request arrived`,
          )
        : parsed;
    if (!result.success) quarantined.push({ raw, reason: result.errors.join('; '), portalId: portalIdOf(raw) });
    else if (result.data !== null) {
      if (!events.has(result.data.dedupeKey)) events.set(result.data.dedupeKey, result.data);
    } else if ('touchpoints' in result) {
      const { portalId, contactId } = result.touchpoints;
      touchpoints.set(`${portalId}:${contactId}`, result.touchpoints);
    } else ignored += 1;
  }
  return { success: true, events: [...events.values()], quarantined, ignored, touchpoints: [...touchpoints.values()] };
}
