import { z } from 'zod';

/*
 * HubSpot's answers as its OpenAPI specs define them, at the version the stand-in serves each
 * family (./api-versions.ts; HubSpot/HubSpot-public-api-spec-collection, PublicApiSpecs/CRM/
 * {Objects,Associations,Pipelines,Properties}/Rollouts/…/2026-09, Account/Account Info/…/2026-09,
 * the ticket associations read of CRM/Associations/…/2026-03 and Auth/Oauth/Rollouts/279897/2026-03;
 * for what we read, these shapes are the same in both versions except where noted): the fields each spec requires are required
 * here, the others optional. Written from the specs as facts, independently of the client's
 * own schemas (src/sync/hubspot-api-schemas.ts), which the stand-in never imports: it must
 * answer like HubSpot, not like what the client happens to parse.
 */

const Timestamp = z.iso.datetime({ offset: true });

/** spec Error (every API's `default` answer): category, correlationId and message are required. */
export const HubSpotErrorBody = z.object({
  category: z.string(),
  correlationId: z.string(),
  message: z.string(),
  subCategory: z.string().optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
  links: z.record(z.string(), z.string()).optional(),
  errors: z
    .array(
      z.object({
        message: z.string(),
        code: z.string().optional(),
        in: z.string().optional(),
        subCategory: z.string().optional(),
      }),
    )
    .optional(),
  // Not in the spec, present in recorded CRM answers: status "error"; 429s add errorType and policyName.
  status: z.string().optional(),
  errorType: z.string().optional(),
  policyName: z.string().optional(),
});
export type HubSpotErrorBody = z.infer<typeof HubSpotErrorBody>;

/**
 * A 429 is not the spec's Error (the specs define no 429 answer): recorded answers are
 * `{ status: "error", message, errorType: "RATE_LIMIT", correlationId, policyName }` with no
 * category (docs/hubspot.md, "Rate limits").
 */
export const RateLimitErrorBody = z.object({
  status: z.literal('error'),
  message: z.string(),
  errorType: z.literal('RATE_LIMIT'),
  correlationId: z.string(),
  policyName: z.string(),
  requestId: z.string().optional(),
});

/** The OAuth endpoints answer errors in the same spec Error shape (no `status`, no `error` field). */
export const OAuthErrorBody = HubSpotErrorBody.omit({ status: true, errorType: true, policyName: true }).strict();

/** spec StandardError, one per failed group of a batch answer: all of these are required. */
export const StandardError = z.object({
  status: z.string(),
  category: z.string(),
  message: z.string(),
  context: z.record(z.string(), z.array(z.string())),
  errors: z.array(z.object({ message: z.string() }).passthrough()),
  links: z.record(z.string(), z.string()),
  subCategory: z.unknown().optional(),
  id: z.string().optional(),
});
export type StandardError = z.infer<typeof StandardError>;

export const ValueWithTimestamp = z.object({
  value: z.string(),
  timestamp: Timestamp,
  sourceType: z.string(),
  sourceId: z.string().optional(),
  sourceLabel: z.string().optional(),
  updatedByUserId: z.number().int().optional(),
});

/** spec SimplePublicObject: archived, createdAt, id, properties, updatedAt are required. */
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

const BatchStatus = z.enum(['PENDING', 'PROCESSING', 'CANCELED', 'COMPLETE']);

/**
 * spec BatchResponse…: completedAt, results, startedAt, status required; errors and numErrors
 * optional (2026-09 puts them in the 200 answer; 2026-03 had them in a separate 207).
 */
function batchResponse<T extends z.ZodType>(item: T) {
  return z.object({
    status: BatchStatus,
    results: z.array(item),
    errors: z.array(StandardError).optional(),
    numErrors: z.number().int().optional(),
    requestedAt: Timestamp.optional(),
    startedAt: Timestamp,
    completedAt: Timestamp,
    links: z.record(z.string(), z.string()).optional(),
  });
}
export const BatchResponseSimplePublicObject = batchResponse(SimplePublicObject);

/** spec NextPage: `after` required, `link` optional. */
export const Paging = z.object({ next: z.object({ after: z.string(), link: z.string().optional() }).optional() });

export const CollectionResponseSimplePublicObject = z.object({
  results: z.array(SimplePublicObject),
  paging: Paging.optional(),
});

/** spec CollectionResponseWithTotalSimplePublicObject (search): results and total required. */
export const CollectionResponseWithTotal = z.object({
  total: z.number().int().nonnegative(),
  results: z.array(SimplePublicObject),
  paging: Paging.optional(),
});

/** spec PublicAssociationMultiWithLabel: from and to required, paging when more pages remain. */
export const AssociationsForObject = z.object({
  from: z.object({ id: z.string() }),
  to: z.array(
    z.object({
      toObjectId: z.string(),
      associationTypes: z.array(
        z.object({ category: z.string(), typeId: z.number().int(), label: z.string().nullable().optional() }),
      ),
    }),
  ),
  paging: Paging.optional(),
});
export const BatchResponseAssociations = batchResponse(AssociationsForObject);

/** spec CollectionResponseMultiAssociatedObjectWithLabelForwardPaging: results required; AssociationSpecWithLabel's category and typeId required, label optional. */
export const CollectionResponseMultiAssociatedObjectWithLabel = z
  .object({
    results: z.array(
      z.object({
        toObjectId: z.string(),
        associationTypes: z.array(
          z.object({
            category: z.enum(['HUBSPOT_DEFINED', 'INTEGRATOR_DEFINED', 'USER_DEFINED', 'WORK']),
            typeId: z.number().int(),
            label: z.string().optional(),
          }),
        ),
      }),
    ),
    paging: Paging.optional(),
  })
  .strict();

/** spec PipelineStage: every field but archivedAt is required. */
export const PipelineStage = z.object({
  id: z.string(),
  label: z.string(),
  displayOrder: z.number().int(),
  metadata: z.record(z.string(), z.string()),
  archived: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  writePermissions: z.string(),
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

/** GET /account-info/2026-09/details, spec PortalInformationResponse (same in 2026-03): all of these are required. */
export const PortalInformationResponse = z.object({
  portalId: z.number().int(),
  accountType: z.enum(['APP_DEVELOPER', 'DEVELOPER_TEST', 'SANDBOX', 'STANDARD']),
  timeZone: z.string(),
  companyCurrency: z.string(),
  additionalCurrencies: z.array(z.string()),
  utcOffset: z.string(),
  utcOffsetMilliseconds: z.number().int(),
  uiDomain: z.string(),
  dataHostingLocation: z.string(),
});
export type PortalInformationResponse = z.infer<typeof PortalInformationResponse>;

/** spec Option: hidden, label, value required. */
export const PropertyOption = z.object({
  label: z.string(),
  value: z.string(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean(),
  description: z.string().optional(),
});
export type PropertyOption = z.infer<typeof PropertyOption>;

/** spec Property: description, fieldType, groupName, label, name, options, type required. */
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
    .object({
      archivable: z.boolean(),
      readOnlyDefinition: z.boolean(),
      readOnlyValue: z.boolean(),
      readOnlyOptions: z.boolean().optional(),
    })
    .optional(),
  createdAt: Timestamp.optional(),
  updatedAt: Timestamp.optional(),
  archived: z.boolean().optional(),
});
export type Property = z.infer<typeof Property>;
export const CollectionResponseProperty = z.object({ results: z.array(Property) });

/** spec PropertyGroup: archived, label, name required. */
export const PropertyGroup = z.object({
  name: z.string(),
  label: z.string(),
  displayOrder: z.number().int().optional(),
  archived: z.boolean(),
});
export type PropertyGroup = z.infer<typeof PropertyGroup>;
export const CollectionResponsePropertyGroup = z.object({ results: z.array(PropertyGroup) });

/** spec AccessTokenResponse: access_token, expires_in, refresh_token, token_type, token_use required. */
export const OAuthTokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string(),
  token_use: z.string(),
  hub_id: z.number().int().optional(),
  user_id: z.number().int().optional(),
  scopes: z.array(z.string()).optional(),
  id_token: z.string().optional(),
});

const TokenInfoCommon = {
  active: z.literal(true),
  hub_id: z.number().int(),
  app_id: z.number().int(),
  client_id: z.string(),
  scopes: z.array(z.string()),
  token: z.string(),
  token_type: z.string(),
  user_id: z.number().int(),
  hub_domain: z.string().optional(),
};
/** spec PublicAccessTokenInfoResponse (required: the fields below, signed_access_token among them) | PublicRefreshTokenInfoResponse. */
export const TokenIntrospection = z.union([
  z.object({
    ...TokenInfoCommon,
    token_use: z.literal('access_token'),
    expires_in: z.number().int(),
    is_private_distribution: z.boolean(),
    signed_access_token: z.record(z.string(), z.unknown()),
  }),
  z.object({ ...TokenInfoCommon, token_use: z.literal('refresh_token') }),
  z.object({ active: z.literal(false) }),
]);

/**
 * GET /crm/owners/2026-03 (PublicApiSpecs/CRM/Crm Owners/Rollouts/146888/2026-03): spec
 * PublicOwner requires archived, createdAt, id, type, updatedAt; names, email and userId are optional.
 */
export const PublicOwner = z.object({
  id: z.string(),
  type: z.enum(['PERSON', 'QUEUE']),
  archived: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  email: z.string().optional(),
  userId: z.number().int().optional(),
  userIdIncludingInactive: z.number().int().optional(),
  teams: z.array(z.object({ id: z.string(), name: z.string(), primary: z.boolean() })).optional(),
});
export type PublicOwner = z.infer<typeof PublicOwner>;

/** spec CollectionResponsePublicOwnerForwardPaging: results required, paging.next.after while more pages follow. */
export const CollectionResponsePublicOwner = z.object({
  results: z.array(PublicOwner),
  paging: z.object({ next: z.object({ after: z.string(), link: z.string().optional() }) }).optional(),
});
