import { hubspotRecordUrl } from '@journey-stages/contract/record-url';

/** The deal's record page in HubSpot (0-3 is the deal object type id), in the portal's app domain. */
export function dealRecordUrl(portalId: number | string, dealId: string, uiDomain?: string): string {
  return hubspotRecordUrl(uiDomain, portalId, '0-3', dealId);
}
