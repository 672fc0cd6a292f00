/** HubSpot's app domain for portals hosted in North America; others answer theirs in the journey JSON. */
export const DEFAULT_UI_DOMAIN = 'app.hubspot.com';

/**
 * A record page in the portal's own HubSpot app domain (EU portals live on app-eu1.hubspot.com),
 * for the card, the home page and the service's HTML previews alike; a domain that is not a
 * hubspot.com host falls back to the default. Object type ids: 0-1 contact, 0-3 deal, 0-5 ticket, 0-4 engagement
 * (https://developers.hubspot.com/docs/guides/api/crm/understanding-the-crm#object-type-ids).
 */
export function hubspotRecordUrl(
  uiDomain: string | undefined,
  portalId: number | string,
  objectTypeId: string,
  id: string,
): string {
  const domain = uiDomain && /^[a-z0-9.-]+\.hubspot\.com$/.test(uiDomain) ? uiDomain : DEFAULT_UI_DOMAIN;
  return `https://${domain}/contacts/${encodeURIComponent(portalId)}/record/${objectTypeId}/${encodeURIComponent(id)}`;
}
