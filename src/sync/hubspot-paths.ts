/*
 * Every HubSpot path the service calls, in one place. Each API family has its own dated
 * version (docs/hubspot.md, "API versions"): a family moves to a newer version only once its
 * spec has been compared with what we send and read. Paths and parameters are checked against
 * HubSpot's OpenAPI specs (HubSpot/HubSpot-public-api-spec-collection, PublicApiSpecs/…/{version}).
 * Objects are one generic API whose type is a name (`contacts`) or an id (`0-3` for deals).
 * The stand-in serves each family at its own version only
 * (test/unit/sandbox/fake-hubspot/spec-witness.test.ts).
 */
export const HUBSPOT_API_VERSIONS = {
  /** /crm/objects/{v}/…: list, read, batch read/update/create, search (Objects spec 2026-09). */
  objects: '2026-09',
  /** /crm/associations/{v}/{from}/{to}/batch/read (Associations spec 2026-09). */
  associations: '2026-09',
  /**
   * GET /crm/objects/{v}/{type}/{id}/associations/{toType}: the 2026-09 Associations spec no
   * longer has it, so it stays on 2026-03.
   */
  objectAssociationsRead: '2026-03',
  /** /crm/pipelines/{v}/{objectType} (Pipelines spec 2026-09). */
  pipelines: '2026-09',
  /** /crm/properties/{v}/{objectType}/… (Properties spec 2026-09). */
  properties: '2026-09',
  /** /account-info/{v}/details (Account Info spec 2026-09). */
  accountInfo: '2026-09',
  /** /crm/owners/{v} (Crm Owners spec 2026-03; its 2026-09 GET differs only in the scope list: not moved yet). */
  owners: '2026-03',
  /** /oauth/{v}/token…: the 2026-09 OAuth spec documents no token answer, so 2026-03. */
  oauth: '2026-03',
} as const;
export type HubSpotApiFamily = keyof typeof HUBSPOT_API_VERSIONS;

const OBJECTS = HUBSPOT_API_VERSIONS.objects;
const ASSOCIATIONS = HUBSPOT_API_VERSIONS.associations;
const OBJECT_ASSOCIATIONS_READ = HUBSPOT_API_VERSIONS.objectAssociationsRead;
const PIPELINES = HUBSPOT_API_VERSIONS.pipelines;
const PROPERTIES = HUBSPOT_API_VERSIONS.properties;
const ACCOUNT_INFO = HUBSPOT_API_VERSIONS.accountInfo;
const OWNERS = HUBSPOT_API_VERSIONS.owners;
const OAUTH = HUBSPOT_API_VERSIONS.oauth;

/** HubSpot's authorize page lives on the app host, not the API host. */
export const HUBSPOT_APP_BASE = 'https://app.hubspot.com';

export type ObjectReadQuery = {
  properties?: readonly string[];
  propertiesWithHistory?: readonly string[];
  archived?: boolean;
};
export type ObjectListQuery = ObjectReadQuery & { limit?: number; after?: string };

function withQuery(
  path: string,
  query: Record<string, string | number | boolean | readonly string[] | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    // HubSpot reads list parameters as one comma-separated value (spec: style form).
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

export const hubspotPaths = {
  // CRM objects: general rate limit (110 / 10 s per installed account).
  contactsList: (query: ObjectListQuery = {}) => withQuery(`/crm/objects/${OBJECTS}/contacts`, query),
  contact: (contactId: string, query: ObjectReadQuery = {}) =>
    withQuery(`/crm/objects/${OBJECTS}/contacts/${encodeURIComponent(contactId)}`, query),
  contactsBatchRead: (query: { archived?: boolean } = {}) =>
    withQuery(`/crm/objects/${OBJECTS}/contacts/batch/read`, query),
  contactsBatchUpdate: () => `/crm/objects/${OBJECTS}/contacts/batch/update`,
  // Search has its own, lower rate limit (about 5 per second): once per backfill for the total, and
  // the reconciliation sweep's pages (docs/reconciliation.md). At most 200 per page, 10,000 per query.
  contactsSearch: () => `/crm/objects/${OBJECTS}/contacts/search`,
  dealsSearch: () => `/crm/objects/${OBJECTS}/0-3/search`,
  dealsBatchRead: (query: { archived?: boolean } = {}) => withQuery(`/crm/objects/${OBJECTS}/0-3/batch/read`, query),

  // Associations (the dated successor of v4): up to 1,000 inputs per call.
  contactsToDealsBatchRead: () => `/crm/associations/${ASSOCIATIONS}/contacts/deals/batch/read`,
  dealsToContactsBatchRead: () => `/crm/associations/${ASSOCIATIONS}/deals/contacts/batch/read`,

  // Touchpoints (docs/touchpoints.md): a contact's engagements and tickets, by object type name
  // (emails, calls, meetings, tickets), and those records' batch read.
  associationsBatchRead: (from: string, to: string) =>
    `/crm/associations/${ASSOCIATIONS}/${encodeURIComponent(from)}/${encodeURIComponent(to)}/batch/read`,
  objectsBatchRead: (objectType: string) => `/crm/objects/${OBJECTS}/${encodeURIComponent(objectType)}/batch/read`,

  // The help desk card (docs/cards.md): a ticket (404 when HubSpot has none) and its contacts,
  // paged (Tickets spec; Associations spec 2026-03 for the contacts; `limit` at most 500, `after` from paging.next).
  ticket: (ticketId: string) => `/crm/objects/${OBJECTS}/tickets/${encodeURIComponent(ticketId)}`,
  ticketContacts: (ticketId: string, query: { limit?: number; after?: string } = {}) =>
    withQuery(
      `/crm/objects/${OBJECT_ASSOCIATIONS_READ}/tickets/${encodeURIComponent(ticketId)}/associations/contacts`,
      query,
    ),

  dealPipelines: () => `/crm/pipelines/${PIPELINES}/deals`,

  // Tasks for owners (docs/owner-tasks.md): batch create with the association to the contact in
  // the create call (spec: SimplePublicObjectBatchInputForCreate; scope crm.objects.contacts.write).
  tasksBatchCreate: () => `/crm/objects/${OBJECTS}/tasks/batch/create`,

  // The account's data-hosting domain (app.hubspot.com, app-eu1.hubspot.com): needs only `oauth`.
  accountDetails: () => `/account-info/${ACCOUNT_INFO}/details`,

  // Owners (docs/hubspot.md, "Owners"): paged (`limit`, `after`); `archived=true` lists only the
  // archived ones. Scope crm.objects.owners.read, optional (src/install/scopes.ts).
  owners: (query: { limit?: number; after?: string; archived?: boolean } = {}) =>
    withQuery(`/crm/owners/${OWNERS}`, query),

  contactProperties: () => `/crm/properties/${PROPERTIES}/contacts`,
  contactProperty: (name: string) => `/crm/properties/${PROPERTIES}/contacts/${encodeURIComponent(name)}`,
  contactPropertyGroups: () => `/crm/properties/${PROPERTIES}/contacts/groups`,
  contactPropertyGroup: (name: string) => `/crm/properties/${PROPERTIES}/contacts/groups/${encodeURIComponent(name)}`,

  // OAuth: form-encoded bodies (application/x-www-form-urlencoded), no bearer token.
  oauthToken: () => `/oauth/${OAUTH}/token`,
  oauthIntrospect: () => `/oauth/${OAUTH}/token/introspect`,
} as const;

/** The family (and so the version) of each path; the spec-witness test checks each path against it. */
export const HUBSPOT_PATH_FAMILIES: Record<keyof typeof hubspotPaths, HubSpotApiFamily> = {
  contactsList: 'objects',
  contact: 'objects',
  contactsBatchRead: 'objects',
  contactsBatchUpdate: 'objects',
  contactsSearch: 'objects',
  owners: 'owners',
  dealsSearch: 'objects',
  dealsBatchRead: 'objects',
  objectsBatchRead: 'objects',
  ticket: 'objects',
  tasksBatchCreate: 'objects',
  contactsToDealsBatchRead: 'associations',
  dealsToContactsBatchRead: 'associations',
  associationsBatchRead: 'associations',
  ticketContacts: 'objectAssociationsRead',
  dealPipelines: 'pipelines',
  accountDetails: 'accountInfo',
  contactProperties: 'properties',
  contactProperty: 'properties',
  contactPropertyGroups: 'properties',
  contactPropertyGroup: 'properties',
  oauthToken: 'oauth',
  oauthIntrospect: 'oauth',
};

export type AuthorizeUrlInput = {
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  optionalScopes?: readonly string[];
  state: string;
  /** Defaults to https://app.hubspot.com; the sandbox passes its own base. */
  base?: string;
};

/**
 * The install URL an admin opens: HubSpot asks for consent, then redirects to
 * `redirectUri?code=…&state=…`. Scopes are space-separated (HubSpot OAuth guide,
 * developers.hubspot.com/docs/api-reference/auth-oauth-v3/guide).
 *
 * @example
 * authorizeUrl({ clientId, redirectUri: 'https://app.example.com/oauth/callback',
 *   scopes: ['oauth', 'crm.objects.contacts.read'], state })
 */
export function authorizeUrl(input: AuthorizeUrlInput): string {
  const params: Array<[string, string]> = [
    ['client_id', input.clientId],
    ['redirect_uri', input.redirectUri],
    ['scope', input.scopes.join(' ')],
  ];
  if (input.optionalScopes !== undefined && input.optionalScopes.length > 0) {
    params.push(['optional_scope', input.optionalScopes.join(' ')]);
  }
  params.push(['state', input.state]);
  // encodeURIComponent, as HubSpot's own example does: spaces become %20, not '+'.
  const query = params.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
  return `${new URL('/oauth/authorize', input.base ?? HUBSPOT_APP_BASE).toString()}?${query}`;
}
