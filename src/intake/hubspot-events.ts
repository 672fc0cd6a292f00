import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ObjectType, UnkeyedWebhookEvent, WebhookEvent } from '../store/webhook-event.ts';

/*
 * HubSpot webhook events, both formats (docs/api.md):
 * - legacy: `contact.creation`, `deal.propertyChange`, … the object is named in subscriptionType;
 * - generic: `object.creation`, … with objectTypeId "0-1" (contact) or "0-3" (deal); association
 *   changes carry fromObjectTypeId/toObjectTypeId instead.
 * Sources: developers.hubspot.com/docs/api-reference/legacy/webhooks/guide (payload fields),
 * changelogs "New subscription types for Webhooks" (merge and association fields) and
 * "Public Beta: Generic Webhook Subscriptions" (object.* and objectTypeId).
 */
export const OBJECT_TYPE_IDS: Readonly<Record<string, ObjectType>> = { '0-1': 'contact', '0-3': 'deal' };

/**
 * Objects the card lists as a contact's touchpoints (docs/touchpoints.md): tickets, emails,
 * calls, meetings. An association between one and a contact changes nothing we derive, only
 * the touchpoint cache, which the association change expires. Legacy events name them in
 * associationType ("CONTACT_TO_TICKET").
 */
export const TOUCHPOINT_TYPE_IDS: ReadonlySet<string> = new Set(['0-5', '0-49', '0-48', '0-47']);
export const TOUCHPOINT_LEGACY_NAMES: ReadonlySet<string> = new Set(['TICKET', 'EMAIL', 'CALL', 'MEETING']);

/** The object type an objectTypeId names, if we use it; own keys only, so "constructor" or "__proto__" name nothing. */
export function objectTypeOfId(typeId: string): ObjectType | undefined {
  return Object.hasOwn(OBJECT_TYPE_IDS, typeId) ? OBJECT_TYPE_IDS[typeId] : undefined;
}

/**
 * The latest occurredAt we accept: 9999-12-31T23:59:59.999Z. Later instants have no four-digit
 * ISO 8601 year (JavaScript writes "+010000-…"), which PostgreSQL's timestamptz input refuses.
 */
export const MAX_OCCURRED_AT = 253_402_300_799_999;

export const EVENT_KINDS = [
  'creation',
  'deletion',
  'propertyChange',
  'merge',
  'restore',
  'associationChange',
  'privacyDeletion',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** HubSpot ids exceed 2^31 and arrive as JSON numbers or strings; we keep them as decimal strings. */
export const HubSpotId = z.unknown().transform((value, ctx) => {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return BigInt(value).toString();
  const message =
    value === undefined
      ? 'required'
      : typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)
        ? 'integer beyond 2^53 lost precision in JSON; expected a numeric string'
        : 'expected number or numeric string';
  ctx.issues.push({ code: 'custom', input: value, message });
  return z.NEVER;
});

/**
 * Text PostgreSQL can store: no NUL character (text and jsonb refuse U+0000) and no lone UTF-16
 * surrogate (jsonb refuses "\ud800" alone; it is not a character). Source: PostgreSQL docs,
 * "JSON Types" (\u0000 is disallowed) and "Character Types" (NUL cannot be stored).
 */
const storable = (value: string): boolean => !value.includes('\u0000') && value.isWellFormed();
const STORABLE_MESSAGE = 'contains a NUL character or a lone surrogate, which the database cannot store';
const text = z
  .string({ error: (issue) => (issue.input === undefined ? 'required' : 'expected a string') })
  .refine(storable, STORABLE_MESSAGE);
const anyText = z.union([z.string(), z.number(), z.boolean()]).transform(String).refine(storable, STORABLE_MESSAGE);
/** HubSpot object type ids look like "0-1" (contact), "0-3" (deal), "2-3453932" (custom). */
const objectTypeId = text.regex(/^\d+-\d+$/, 'expected an object type id such as "0-1"');

/** The fields every event carries; unknown extra fields are dropped. */
export const HubSpotEventEnvelope = z.object({
  subscriptionType: text.regex(/^[A-Za-z_]+\.[A-Za-z]+$/, 'expected "<object>.<action>"'),
  portalId: HubSpotId,
  eventId: HubSpotId,
  occurredAt: z
    .number({ error: (issue) => (issue.input === undefined ? 'required' : 'expected milliseconds since the epoch') })
    .int()
    .positive()
    .max(MAX_OCCURRED_AT, 'beyond the year 9999: not a time HubSpot sends'),
  subscriptionId: HubSpotId.optional(),
  appId: HubSpotId.optional(),
  attemptNumber: z.number().int().nonnegative().optional(),
  objectId: HubSpotId.optional(),
  objectTypeId: objectTypeId.optional(),
  changeSource: text.optional(),
  sourceId: anyText.optional(),
  changeFlag: text.optional(),
});
export type HubSpotEventEnvelope = z.infer<typeof HubSpotEventEnvelope>;

export const PropertyChangeFields = z.object({
  propertyName: text.min(1, 'expected a property name'),
  propertyValue: anyText.nullish(),
});

export const MergeFields = z.object({
  primaryObjectId: HubSpotId,
  mergedObjectIds: z.array(HubSpotId, {
    error: (issue) => (issue.input === undefined ? 'required' : 'expected an array of ids'),
  }),
  newObjectId: HubSpotId.optional(),
  numberOfPropertiesMoved: z.number().int().nonnegative().optional(),
});

export const AssociationFields = z.object({
  fromObjectId: HubSpotId.optional(),
  toObjectId: HubSpotId,
  associationRemoved: z.boolean({ error: (issue) => (issue.input === undefined ? 'required' : 'expected a boolean') }),
  isPrimaryAssociation: z.boolean().optional(),
  associationType: text.optional(),
  associationTypeId: z.number().int().optional(),
  associationCategory: text.optional(),
  fromObjectTypeId: objectTypeId.optional(),
  toObjectTypeId: objectTypeId.optional(),
});

/** What identifies one event across retries: never attemptNumber, and never eventId alone (it is not unique). */
export function dedupeKeyOf(event: UnkeyedWebhookEvent): string {
  const parts: unknown[] = [event.portalId, event.subscriptionType, event.objectId, event.occurredAt, event.eventId];
  switch (event.kind) {
    case 'propertyChange':
      parts.push(event.propertyName, event.propertyValue);
      break;
    case 'associationChange':
      parts.push(event.toObjectId, event.associationRemoved, event.associationTypeId ?? event.associationType);
      break;
    case 'merge':
      parts.push(event.newObjectId);
      break;
    case 'creation':
    case 'deletion':
    case 'restore':
    case 'privacyDeletion':
      break;
    // Stryker disable next-line ConditionalExpression,BlockStatement: unreachable, every kind has its case (the never below checks it at compile time)
    default: {
      const unhandled: never = event;
      // Stryker disable next-line StringLiteral: unreachable (as above)
      throw new Error(`[dedupeKeyOf] unhandled kind in ${JSON.stringify(unhandled)}`);
    }
  }
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/**
 * True for the echo of our own API write: HubSpot reports app writes with changeSource
 * "INTEGRATION" and sourceId = the writing app's id (docs/hubspot.md; seen in delivered payloads).
 * Such events must never trigger work. Without a known app id nothing counts as our own write.
 */
export function isOwnWrite(event: WebhookEvent, appId: string | number | null | undefined): boolean {
  if (appId === null || appId === undefined || appId === '') return false;
  return event.kind === 'propertyChange' && event.changeSource === 'INTEGRATION' && event.sourceId === String(appId);
}
