import { z } from 'zod';
import type { FakeState } from '../fake-hubspot/state.ts';

/** A contact as the control router lists it: journey values as the service wrote them into HubSpot. */
export const ContactSummary = z.object({
  id: z.string(),
  name: z.string(),
  lifecyclestage: z.string().nullable(),
  journeyStage: z.string().nullable(),
  journeyStageEnteredAt: z.string().nullable(),
  deals: z.number().int(),
});
export type ContactSummary = z.infer<typeof ContactSummary>;

/** `GET /_sandbox/contacts/:id`: the summary plus every property and the associated deals. */
export const ContactDetail = ContactSummary.extend({
  properties: z.record(z.string(), z.string()),
  deals: z.array(z.object({ id: z.string(), properties: z.record(z.string(), z.string()) })),
});
export type ContactDetail = z.infer<typeof ContactDetail>;

/** undefined for an unknown id; an id merged away answers with the merged contact. */
export function contactSummary(state: FakeState, portalId: string, id: string): ContactSummary | undefined {
  const contact = state.getContact(portalId, id);
  if (!contact) return undefined;
  const p = contact.properties;
  return {
    id: contact.id,
    name: [p.firstname, p.lastname].filter(Boolean).join(' '),
    lifecyclestage: p.lifecyclestage ?? null,
    journeyStage: p.journey_stage ?? null,
    journeyStageEnteredAt: p.journey_stage_entered_at ?? null,
    deals: state.dealIdsOf(portalId, contact.id).length,
  };
}
