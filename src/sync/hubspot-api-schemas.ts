import { z } from 'zod';

/*
 * The parts of HubSpot's answers the service relies on, checked against the 2026-03 OpenAPI
 * specs (HubSpot/HubSpot-public-api-spec-collection, PublicApiSpecs/CRM/…/2026-03 and
 * Auth/Oauth/…/2026-03) and against recorded answers where the spec is loose. Unknown keys
 * are dropped, so HubSpot adding fields never breaks a parse; a field we read going missing does.
 */

const Timestamp = z.iso.datetime({ offset: true });

/** One entry of a property's history, newest first (spec: ValueWithTimestamp). */
export const ValueWithTimestamp = z.object({
  value: z.string(),
  timestamp: Timestamp,
  sourceType: z.string(),
  sourceId: z.string().nullish(),
  sourceLabel: z.string().nullish(),
  updatedByUserId: z.number().int().nullish(),
});
export type ValueWithTimestamp = z.infer<typeof ValueWithTimestamp>;

/** A CRM record. Requested properties without a value come back as null (@hubspot/api-client types them `string | null`). */
export const SimplePublicObject = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable()),
  propertiesWithHistory: z.record(z.string(), z.array(ValueWithTimestamp)).optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  archived: z.boolean(),
  archivedAt: Timestamp.optional(),
});
export type SimplePublicObject = z.infer<typeof SimplePublicObject>;

/**
 * One error of a batch (spec: StandardError). `status` is "error" in practice; `context.ids`
 * lists the inputs HubSpot could not find (category OBJECT_NOT_FOUND); associations name them
 * in `context.fromObjectId` (subCategory crm.associations.NO_ASSOCIATIONS_FOUND).
 */
export const StandardError = z.object({
  status: z.string(),
  category: z.string(),
  message: z.string(),
  subCategory: z.unknown().optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
  id: z.string().optional(),
});
export type StandardError = z.infer<typeof StandardError>;

export const BatchStatus = z.enum(['PENDING', 'PROCESSING', 'CANCELED', 'COMPLETE']);

/** A batch answer: 200 with results, or 207 with results and errors for the inputs that failed. */
export function batchResponse<T extends z.ZodType>(item: T) {
  return z.object({
    status: BatchStatus,
    results: z.array(item),
    errors: z.array(StandardError).optional(),
    numErrors: z.number().int().optional(),
    requestedAt: Timestamp.optional(),
    startedAt: Timestamp,
    completedAt: Timestamp,
  });
}
export const BatchResponseSimplePublicObject = batchResponse(SimplePublicObject);
export type BatchResponseSimplePublicObject = z.infer<typeof BatchResponseSimplePublicObject>;

export const ForwardPaging = z.object({
  next: z.object({ after: z.string(), link: z.string().optional() }).optional(),
});

/** A page of records; more pages while `paging.next.after` is present. */
export const CollectionResponseSimplePublicObject = z.object({
  results: z.array(SimplePublicObject),
  paging: ForwardPaging.optional(),
});
export type CollectionResponseSimplePublicObject = z.infer<typeof CollectionResponseSimplePublicObject>;

export const AssociationSpecWithLabel = z.object({
  category: z.string(),
  typeId: z.number().int(),
  label: z.string().nullish(),
});

/** The 2026-03 spec types `toObjectId` as a string; v4 answers carried a number. Both read as a string. */
export const AssociatedObject = z.object({
  toObjectId: z.union([z.string(), z.number()]).transform(String),
  associationTypes: z.array(AssociationSpecWithLabel),
});

export const AssociationsForObject = z.object({
  from: z.object({ id: z.string() }),
  to: z.array(AssociatedObject),
  paging: ForwardPaging.optional(),
});
export type AssociationsForObject = z.infer<typeof AssociationsForObject>;

export const BatchResponseAssociations = batchResponse(AssociationsForObject);
export type BatchResponseAssociations = z.infer<typeof BatchResponseAssociations>;

/** Stage metadata values are strings: `{ "isClosed": "true", "probability": "1.0" }`. */
export const PipelineStage = z.object({
  id: z.string(),
  label: z.string(),
  displayOrder: z.number().int(),
  metadata: z.object({ probability: z.string().optional(), isClosed: z.string().optional() }).catchall(z.string()),
  archived: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  writePermissions: z.string().optional(),
});
export type PipelineStage = z.infer<typeof PipelineStage>;

export const Pipeline = z.object({
  id: z.string(),
  label: z.string(),
  displayOrder: z.number().int(),
  stages: z.array(PipelineStage),
  archived: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Pipeline = z.infer<typeof Pipeline>;

export const CollectionResponsePipeline = z.object({ results: z.array(Pipeline) });

export const PropertyOption = z.object({
  label: z.string(),
  value: z.string(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean(),
  description: z.string().optional(),
});
export type PropertyOption = z.infer<typeof PropertyOption>;

export const Property = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  fieldType: z.string(),
  groupName: z.string(),
  description: z.string(),
  options: z.array(PropertyOption),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
  calculated: z.boolean().optional(),
  externalOptions: z.boolean().optional(),
  hasUniqueValue: z.boolean().optional(),
  hubspotDefined: z.boolean().optional(),
  modificationMetadata: z
    .object({ archivable: z.boolean(), readOnlyDefinition: z.boolean(), readOnlyValue: z.boolean(), readOnlyOptions: z.boolean().optional() })
    .optional(),
  createdAt: Timestamp.optional(),
  updatedAt: Timestamp.optional(),
  archived: z.boolean().optional(),
});
export type Property = z.infer<typeof Property>;

export const CollectionResponseProperty = z.object({ results: z.array(Property) });

export const PropertyGroup = z.object({
  name: z.string(),
  label: z.string(),
  displayOrder: z.number().int().optional(),
  archived: z.boolean(),
});
export type PropertyGroup = z.infer<typeof PropertyGroup>;

export const CollectionResponsePropertyGroup = z.object({ results: z.array(PropertyGroup) });

/**
 * HubSpot's error body. 429s add `errorType: "RATE_LIMIT"` and `policyName`
 * (e.g. TEN_SECONDLY_ROLLING); other errors carry `category` (VALIDATION_ERROR,
 * OBJECT_NOT_FOUND, OBJECT_ALREADY_EXISTS, INVALID_AUTHENTICATION, EXPIRED_AUTHENTICATION, …).
 */
export const HubSpotErrorBody = z.object({
  status: z.string(),
  message: z.string(),
  correlationId: z.string(),
  category: z.string().optional(),
  subCategory: z.unknown().optional(),
  errorType: z.string().optional(),
  policyName: z.string().optional(),
  groupName: z.string().optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
});
export type HubSpotErrorBody = z.infer<typeof HubSpotErrorBody>;

export const RateLimitErrorBody = HubSpotErrorBody.extend({
  errorType: z.literal('RATE_LIMIT'),
  policyName: z.string(),
});

/** POST /oauth/2026-03/token, both grants (spec: AccessTokenResponse). Access tokens run to ~300 characters. */
export const OAuthTokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string(),
  token_use: z.string().optional(),
  hub_id: z.number().int().optional(),
  user_id: z.number().int().optional(),
  scopes: z.array(z.string()).optional(),
});
export type OAuthTokenResponse = z.infer<typeof OAuthTokenResponse>;

/**
 * A refused grant (400). The v1 endpoints answered `{ status: "BAD_AUTH_CODE" |
 * "BAD_REFRESH_TOKEN", message }`; OAuth 2.0 servers answer `{ error: "invalid_grant" }`.
 * HubSpot documents no body for the dated endpoint, so both shapes are read.
 */
export const OAuthErrorBody = z.object({
  status: z.string().optional(),
  error: z.string().optional(),
  message: z.string().optional(),
  error_description: z.string().optional(),
  correlationId: z.string().optional(),
  category: z.string().optional(),
});
export type OAuthErrorBody = z.infer<typeof OAuthErrorBody>;

/** POST /oauth/2026-03/token/introspect (spec: PublicAccessTokenInfoResponse | PublicRefreshTokenInfoResponse). */
export const AccessTokenInfo = z.object({
  active: z.literal(true),
  token_use: z.literal('access_token'),
  hub_id: z.number().int(),
  app_id: z.number().int(),
  client_id: z.string(),
  scopes: z.array(z.string()),
  expires_in: z.number().int(),
  token_type: z.string(),
  user_id: z.number().int().optional(),
  hub_domain: z.string().optional(),
});
export const RefreshTokenInfo = z.object({
  active: z.literal(true),
  token_use: z.literal('refresh_token'),
  hub_id: z.number().int(),
  app_id: z.number().int(),
  client_id: z.string(),
  scopes: z.array(z.string()),
  token_type: z.string(),
  user_id: z.number().int().optional(),
  hub_domain: z.string().optional(),
});
/** RFC 7662: an unknown, expired or revoked token is `{ "active": false }` and nothing else. */
export const InactiveTokenInfo = z.object({ active: z.literal(false) });
export const TokenIntrospection = z.union([AccessTokenInfo, RefreshTokenInfo, InactiveTokenInfo]);
export type TokenIntrospection = z.infer<typeof TokenIntrospection>;
