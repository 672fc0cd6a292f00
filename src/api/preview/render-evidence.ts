import { hubspotRecordUrl } from '@journey-stages/contract/record-url';
import type { EvidenceRef } from '@journey-stages/contract/journey';
import { html, type SafeHtml } from '../../html/html.ts';

/**
 * What moved the contact, as the card lists it: a deal links to its record in HubSpot
 * (0-3 is the deal object type id, developers.hubspot.com/docs/guides/api/crm/understanding-the-crm),
 * a contact property is named.
 */
export function renderEvidence(evidence: EvidenceRef[], portalId: string): SafeHtml {
  if (evidence.length === 0) return html`—`;
  const items = evidence.map((ref) =>
    ref.object === 'deal'
      ? html`<li><a href="${dealRecordUrl(portalId, ref.id)}" rel="noopener noreferrer">Deal ${ref.id}</a> <span class="property">· <code>${ref.property}</code></span></li>`
      : html`<li>Contact <span class="property">· <code>${ref.property}</code></span></li>`,
  );
  return html`<ul class="evidence">${items}</ul>`;
}

export function dealRecordUrl(portalId: string, dealId: string): string {
  return hubspotRecordUrl(undefined, portalId, '0-3', dealId);
}
