/**
 * The deal's record page in HubSpot; 0-3 is the deal object type id
 * (https://developers.hubspot.com/docs/guides/api/crm/understanding-the-crm#object-type-ids).
 */
export function dealRecordUrl(portalId: number | string, dealId: string): string {
  return `https://app.hubspot.com/contacts/${portalId}/record/0-3/${encodeURIComponent(dealId)}`;
}
