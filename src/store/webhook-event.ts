import { z } from 'zod';

/*
 * Our one internal webhook event shape, whatever format HubSpot sent (src/intake/hubspot-events.ts
 * parses HubSpot's two formats into it). It lives with the store because it is what
 * `webhook_events.payload` holds: the intake writes it, the worker reads it back through this schema.
 */
export const OBJECT_TYPES = ['contact', 'deal'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

const common = {
  objectType: z.enum(OBJECT_TYPES),
  format: z.enum(['legacy', 'generic']),
  portalId: z.string(),
  objectId: z.string(),
  occurredAt: z.number(),
  eventId: z.string(),
  subscriptionType: z.string(),
  subscriptionId: z.string().nullable(),
  appId: z.string().nullable(),
  attemptNumber: z.number().nullable(),
  changeSource: z.string().nullable(),
  sourceId: z.string().nullable(),
  dedupeKey: z.string(),
};

/** One stored event; `dedupeKey` identifies it across HubSpot's retries. */
export const WebhookEvent = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal(['creation', 'deletion', 'restore', 'privacyDeletion']) }),
  z.object({
    ...common,
    kind: z.literal('propertyChange'),
    propertyName: z.string(),
    propertyValue: z.string().nullable(),
  }),
  z.object({
    ...common,
    kind: z.literal('merge'),
    primaryObjectId: z.string(),
    mergedObjectIds: z.array(z.string()),
    /** Merges make a new record id; both old ids keep resolving to it (changelog "Updated merge functionality"). */
    newObjectId: z.string(),
    numberOfPropertiesMoved: z.number().nullable(),
  }),
  z.object({
    ...common,
    kind: z.literal('associationChange'),
    /** The other side; null when HubSpot names it in a form we do not recognise. */
    toObjectType: z.enum(OBJECT_TYPES).nullable(),
    toObjectId: z.string(),
    associationRemoved: z.boolean(),
    isPrimaryAssociation: z.boolean().nullable(),
    associationType: z.string().nullable(),
    associationTypeId: z.number().nullable(),
    associationCategory: z.string().nullable(),
  }),
]);
export type WebhookEvent = z.infer<typeof WebhookEvent>;
/** A WebhookEvent before its dedupe key is computed. */
export type UnkeyedWebhookEvent = WebhookEvent extends infer E
  ? E extends WebhookEvent
    ? Omit<E, 'dedupeKey'>
    : never
  : never;
