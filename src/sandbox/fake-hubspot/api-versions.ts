/*
 * The version at which the stand-in serves each API family, written from HubSpot's specs
 * (HubSpot/HubSpot-public-api-spec-collection), not from the client's constants: a client
 * path with any other version gets the stand-in's 404, as a path HubSpot does not serve would.
 * Each family lives at one version here, the one whose shapes the stand-in answers in.
 */
export const SERVED_VERSIONS = {
  /** PublicApiSpecs/CRM/Objects/Rollouts/424/2026-09/objects.json (and the Contacts, Deals, Tickets, Tasks, Emails, Calls, Meetings specs of 2026-09). */
  objects: '2026-09',
  /** PublicApiSpecs/CRM/Associations/Rollouts/130902/2026-09/associations.json: batch read. */
  associations: '2026-09',
  /**
   * PublicApiSpecs/CRM/Associations/Rollouts/130902/2026-03/associations.json: GET
   * /crm/objects/2026-03/{objectType}/{objectId}/associations/{toObjectType}; the 2026-09 spec has no such read.
   */
  objectAssociationsRead: '2026-03',
  /** PublicApiSpecs/CRM/Pipelines/Rollouts/145896/2026-09/pipelines.json */
  pipelines: '2026-09',
  /** PublicApiSpecs/CRM/Properties/Rollouts/145899/2026-09/properties.json */
  properties: '2026-09',
  /** PublicApiSpecs/Account/Account Info/Rollouts/144923/2026-09/accountInfo.json */
  accountInfo: '2026-09',
  /** The Owners spec of 2026-03 (PublicApiSpecs/CRM/Crm Owners/Rollouts/146888/2026-03/crmOwners.json): GET /crm/owners/2026-03, paged. */
  owners: '2026-03',
  /** PublicApiSpecs/Auth/Oauth/Rollouts/279897/2026-03/oauth.json (2026-09 documents no token answer). */
  oauth: '2026-03',
} as const;
