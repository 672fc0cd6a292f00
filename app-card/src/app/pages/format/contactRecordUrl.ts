/** The contact's record page (0-1) in the portal's own HubSpot app domain (EU portals: app-eu1.hubspot.com). */
export function contactRecordUrl(portalId: number | string, contactId: string, uiDomain?: string): string {
  const domain = uiDomain && /^[a-z0-9.-]+\.hubspot\.com$/.test(uiDomain) ? uiDomain : 'app.hubspot.com';
  return `https://${domain}/contacts/${portalId}/record/0-1/${encodeURIComponent(contactId)}`;
}
