/**
 * HubSpot's contacts index of the portal (0-1 is the contact object type id,
 * https://developers.hubspot.com/docs/guides/api/crm/understanding-the-crm#object-type-ids).
 * HubSpot documents no URL that opens the index already filtered by a property, so the
 * page says which filter to add next to each link (FilterHint in FunnelTable).
 */
export function contactsIndexUrl(portalId: number | string, uiDomain?: string): string {
  // EU portals live on app-eu1.hubspot.com: the service answers the portal's own domain.
  const domain = uiDomain && /^[a-z0-9.-]+\.hubspot\.com$/.test(uiDomain) ? uiDomain : 'app.hubspot.com';
  return `https://${domain}/contacts/${portalId}/objects/0-1/views/all/list`;
}
