/**
 * HubSpot's contacts index of the portal (0-1 is the contact object type id,
 * https://developers.hubspot.com/docs/guides/api/crm/understanding-the-crm#object-type-ids).
 * HubSpot documents no URL that opens the index already filtered by a property, so the
 * page says which filter to add next to each link (FilterHint in FunnelTable).
 */
export function contactsIndexUrl(portalId: number | string): string {
  return `https://app.hubspot.com/contacts/${portalId}/objects/0-1/views/all/list`;
}
