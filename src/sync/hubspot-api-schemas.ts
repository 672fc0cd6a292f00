import { z } from 'zod';

/*
 * The parts of HubSpot's answers the service reads, and nothing more: each schema requires
 * only the fields the code uses, everything else may be missing, null or new (unknown keys
 * are dropped). HubSpot adding, dropping or nulling a field we never read must not stop a
 * portal's jobs. Field names and types follow the OpenAPI specs of each family's version
 * (docs/hubspot.md lists them with their sources).
 */

const Timestamp = z.iso.datetime({ offset: true });

/** One entry of a property's history, newest first (spec: ValueWithTimestamp). */
export const ValueWithTimestamp = z.object({
  value: z.string(),
  timestamp: Timestamp,
  sourceType: z.string(),
});
export type ValueWithTimestamp = z.infer<typeof ValueWithTimestamp>;

/**
 * A CRM record: its id and the properties asked for. Requested properties without a value
 * come back as null (@hubspot/api-client types them `string | null`, the spec says string).
 */
export const SimplePublicObject = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable()),
  propertiesWithHistory: z.record(z.string(), z.array(ValueWithTimestamp)).nullish(),
});
export type SimplePublicObject = z.infer<typeof SimplePublicObject>;

/**
 * One error of a batch (spec: StandardError). We read its message and, for records HubSpot
 * could not find or update, the ids in `context.ids`; other context keys are ignored.
 */
export const StandardError = z.object({
  message: z.string(),
  category: z.string().nullish(),
  context: z.object({ ids: z.array(z.string()).nullish() }).nullish(),
});
export type StandardError = z.infer<typeof StandardError>;

/** A batch answer: results, and `errors` for the inputs that failed (in a 200 since 2026-09, a 207 before). */
export function batchResponse<T extends z.ZodType>(item: T) {
  return z.object({
    results: z.array(item),
    errors: z.array(StandardError).nullish(),
  });
}
export const BatchResponseSimplePublicObject = batchResponse(SimplePublicObject);

/** A created record: its id and the objectWriteTraceId its input carried (spec: SimplePublicObject). */
export const CreatedObject = z.object({ id: z.string(), objectWriteTraceId: z.string().nullish() });
export const BatchResponseCreatedObject = batchResponse(CreatedObject);
export type BatchResponseSimplePublicObject = z.infer<typeof BatchResponseSimplePublicObject>;

/** More pages while `paging.next.after` is present; `link` (sometimes null) is never read. */
export const ForwardPaging = z.object({
  next: z.object({ after: z.string() }).nullish(),
});

export const CollectionResponseSimplePublicObject = z.object({
  results: z.array(SimplePublicObject),
  paging: ForwardPaging.nullish(),
});
export type CollectionResponseSimplePublicObject = z.infer<typeof CollectionResponseSimplePublicObject>;

/** A search answer (spec: CollectionResponseWithTotalSimplePublicObject): total and results required. */
export const CollectionResponseWithTotal = CollectionResponseSimplePublicObject.extend({
  total: z.number().int().nonnegative(),
});

/** The 2026-03 and 2026-09 specs type `toObjectId` as a string; v4 answers carried a number. Both read as a string. */
export const AssociatedObject = z.object({
  toObjectId: z.union([z.string(), z.number()]).transform(String),
});

/** One input's associations; `paging.next.after` when it has more than one page (spec: PublicAssociationMultiWithLabel). */
export const AssociationsForObject = z.object({
  from: z.object({ id: z.union([z.string(), z.number()]).transform(String) }),
  to: z.array(AssociatedObject),
  paging: ForwardPaging.nullish(),
});
export type AssociationsForObject = z.infer<typeof AssociationsForObject>;

export const BatchResponseAssociations = batchResponse(AssociationsForObject);
export type BatchResponseAssociations = z.infer<typeof BatchResponseAssociations>;

/** Stage metadata values are strings (`{ "isClosed": "true", "probability": "1.0" }`); a number is read as one. */
const MetadataValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

/** What loadPipelines reads of a stage: id, label, probability and whether it is closed. */
export const PipelineStage = z.object({
  id: z.string(),
  label: z.string(),
  metadata: z
    .object({ probability: MetadataValue.nullish(), isClosed: MetadataValue.nullish() })
    .nullish()
    .transform((m) => ({ probability: m?.probability ?? undefined, isClosed: m?.isClosed ?? undefined })),
});
export type PipelineStage = z.infer<typeof PipelineStage>;

export const Pipeline = z.object({
  id: z.string(),
  stages: z.array(PipelineStage),
});
export type Pipeline = z.infer<typeof Pipeline>;

export const CollectionResponsePipeline = z.object({ results: z.array(Pipeline) });

/** Creating or updating a property or group: we only need to know it succeeded. */
export const PropertyAnswer = z.object({ name: z.string() });

/**
 * GET /crm/properties/2026-09/contacts/{propertyName} (spec: Property): the fields `npm run doctor`
 * compares with our definitions; the rest of HubSpot's answer is tolerated, not required.
 */
export const Property = z.object({
  name: z.string(),
  type: z.string(),
  fieldType: z.string(),
  groupName: z.string(),
  options: z.array(
    z.object({
      value: z.string(),
      label: z.string(),
      hidden: z.boolean().optional(),
      displayOrder: z.number().optional(),
    }),
  ),
});
export type Property = z.infer<typeof Property>;

/** POST /oauth/2026-03/token, both grants (spec: AccessTokenResponse). Access tokens run to ~300 characters. */
export const OAuthTokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  scopes: z.array(z.string()).nullish(),
});
export type OAuthTokenResponse = z.infer<typeof OAuthTokenResponse>;

/**
 * A refused grant, in any of the shapes HubSpot has used: the 2026-03 spec's Error
 * `{ category, correlationId, message, subCategory? }`, the v1 endpoints'
 * `{ status: "BAD_REFRESH_TOKEN", message }`, and OAuth 2.0's `{ error: "invalid_grant" }`.
 */
export const OAuthErrorBody = z.object({
  category: z.string().nullish(),
  subCategory: z.unknown().optional(),
  message: z.string().nullish(),
  status: z.string().nullish(),
  error: z.string().nullish(),
  error_description: z.string().nullish(),
});
export type OAuthErrorBody = z.infer<typeof OAuthErrorBody>;

/** GET /account-info/2026-09/details (spec PortalInformationResponse): we read where the account lives. */
export const AccountDetails = z.object({ uiDomain: z.string().regex(/^[a-z0-9.-]+\.hubspot\.com$/) });

/** GET /crm/owners/2026-03 (spec CollectionResponsePublicOwnerForwardPaging): names and email are optional. */
export const CollectionResponsePublicOwner = z.object({
  results: z.array(
    z.object({
      id: z.coerce.string(),
      firstName: z.string().nullish(),
      lastName: z.string().nullish(),
      email: z.string().nullish(),
    }),
  ),
  paging: ForwardPaging.nullish(),
});

/** POST /oauth/2026-03/token/introspect: we read whether it is active, its portal and scopes. */
export const TokenIntrospection = z.union([
  z.object({ active: z.literal(true), hub_id: z.number().int(), scopes: z.array(z.string()) }),
  /** RFC 7662: an unknown, expired or revoked token is `{ "active": false }`. */
  z.object({ active: z.literal(false) }),
]);
export type TokenIntrospection = z.infer<typeof TokenIntrospection>;

/** spec CollectionResponseMultiAssociatedObjectWithLabelForwardPaging: one page of an object's associations. */
export const CollectionResponseAssociatedWithLabel = z.object({
  results: z.array(
    z.object({
      toObjectId: z.coerce.string(),
      associationTypes: z.array(
        z.object({ category: z.string(), typeId: z.number(), label: z.string().nullable().optional() }),
      ),
    }),
  ),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});
