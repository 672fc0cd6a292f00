/*
 * Every HubSpot path the service calls, in one place, so that moving to the next API
 * version is one edit. Paths and parameters checked against HubSpot's OpenAPI specs for
 * 2026-03 (HubSpot/HubSpot-public-api-spec-collection, PublicApiSpecs/CRM/{Objects,
 * Associations,Pipelines,Properties}/Rollouts/…/2026-03 and Auth/Oauth/Rollouts/279897/2026-03;
 * docs/hubspot.md). Objects are one generic API whose type is a name (`contacts`) or an id
 * (`0-3` for deals). The stand-in must serve each of these (test/unit/sandbox/fake-hubspot/spec-witness.test.ts).
 */
export const HUBSPOT_API_VERSION = '2026-03';
const V = HUBSPOT_API_VERSION;

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
  contactsList: (query: ObjectListQuery = {}) => withQuery(`/crm/objects/${V}/contacts`, query),
  contact: (contactId: string, query: ObjectReadQuery = {}) =>
    withQuery(`/crm/objects/${V}/contacts/${encodeURIComponent(contactId)}`, query),
  contactsBatchRead: (query: { archived?: boolean } = {}) => withQuery(`/crm/objects/${V}/contacts/batch/read`, query),
  contactsBatchUpdate: () => `/crm/objects/${V}/contacts/batch/update`,
  // Search has its own, lower rate limit (about 5 per second): used once per backfill for the total.
  contactsSearch: () => `/crm/objects/${V}/contacts/search`,
  dealsBatchRead: (query: { archived?: boolean } = {}) => withQuery(`/crm/objects/${V}/0-3/batch/read`, query),

  // Associations (the dated successor of v4): up to 1,000 inputs per call.
  contactsToDealsBatchRead: () => `/crm/associations/${V}/contacts/deals/batch/read`,
  dealsToContactsBatchRead: () => `/crm/associations/${V}/deals/contacts/batch/read`,

  // Touchpoints (docs/touchpoints.md): a contact's engagements and tickets, by object type name
  // (emails, calls, meetings, tickets), and those records' batch read.
  associationsBatchRead: (from: string, to: string) =>
    `/crm/associations/${V}/${encodeURIComponent(from)}/${encodeURIComponent(to)}/batch/read`,
  objectsBatchRead: (objectType: string) => `/crm/objects/${V}/${encodeURIComponent(objectType)}/batch/read`,

  // The help desk card (docs/cards.md): a ticket (404 when HubSpot has none) and its contacts,
  // paged (Tickets and Associations specs, 2026-03; `limit` at most 500, `after` from paging.next).
  ticket: (ticketId: string) => `/crm/objects/${V}/tickets/${encodeURIComponent(ticketId)}`,
  ticketContacts: (ticketId: string, query: { limit?: number; after?: string } = {}) =>
    withQuery(`/crm/objects/${V}/tickets/${encodeURIComponent(ticketId)}/associations/contacts`, query),

  dealPipelines: () => `/crm/pipelines/${V}/deals`,

  // Tasks for owners (docs/owner-tasks.md): batch create with the association to the contact in
  // the create call (spec: SimplePublicObjectBatchInputForCreate; scope crm.objects.contacts.write).
  tasksBatchCreate: () => `/crm/objects/${V}/tasks/batch/create`,

  // The account's data-hosting domain (app.hubspot.com, app-eu1.hubspot.com): needs only `oauth`.
  accountDetails: () => `/account-info/${V}/details`,

  // Owners (docs/hubspot.md, "Owners"): paged (`limit`, `after`); `archived=true` lists only the
  // archived ones. Scope crm.objects.owners.read, optional (src/install/scopes.ts).
  owners: (query: { limit?: number; after?: string; archived?: boolean } = {}) => withQuery(`/crm/owners/${V}`, query),

  contactProperties: () => `/crm/properties/${V}/contacts`,
  contactProperty: (name: string) => `/crm/properties/${V}/contacts/${encodeURIComponent(name)}`,
  contactPropertyGroups: () => `/crm/properties/${V}/contacts/groups`,
  contactPropertyGroup: (name: string) => `/crm/properties/${V}/contacts/groups/${encodeURIComponent(name)}`,

  // OAuth: form-encoded bodies (application/x-www-form-urlencoded), no bearer token.
  oauthToken: () => `/oauth/${V}/token`,
  oauthIntrospect: () => `/oauth/${V}/token/introspect`,
} as const;

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
