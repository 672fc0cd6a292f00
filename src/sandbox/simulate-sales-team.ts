import type { FakeState } from './fake-hubspot/state.ts';
import { pick } from './demo/random.ts';
import { demoDealName, demoPerson } from './demo/names.ts';

const NEXT_STAGE: Record<string, string> = {
  appointmentscheduled: 'qualifiedtobuy',
  qualifiedtobuy: 'presentationscheduled',
  presentationscheduled: 'decisionmakerboughtin',
  decisionmakerboughtin: 'contractsent',
};
const NEXT_LIFECYCLE: Record<string, string> = { subscriber: 'lead', lead: 'marketingqualifiedlead', marketingqualifiedlead: 'salesqualifiedlead', salesqualifiedlead: 'opportunity' };

export type SalesTeamAction = 'new-lead' | 'lifecycle' | 'deal-moves' | 'deal-won' | 'deal-lost' | 'nps' | 'new-deal';

/**
 * One plausible change a sales team makes, through the stand-in's mutation API (so it
 * reaches the service as signed webhooks): a new lead, a lifecycle step, a deal moving,
 * won or lost, an NPS answer. Returns what it did, or null when nothing fitted.
 */
export function salesTeamTick(state: FakeState, portalId: string, random: () => number, now: Date): SalesTeamAction | null {
  const at = { at: now };
  const contacts = state.listContacts(portalId);
  const deals = state.listDeals(portalId);
  const open = deals.filter((d) => NEXT_STAGE[d.properties.dealstage ?? ''] !== undefined || d.properties.dealstage === 'contractsent');
  const r = random();
  if (r < 0.2 || contacts.length === 0) {
    const { company: _company, ...person } = demoPerson(random, contacts.length + 1);
    state.createContact(portalId, { ...person, lifecyclestage: 'lead' }, at);
    return 'new-lead';
  }
  if (r < 0.4) {
    const c = contacts.filter((x) => NEXT_LIFECYCLE[x.properties.lifecyclestage ?? '']);
    if (c.length === 0) return null;
    const contact = pick(random, c);
    state.updateContact(portalId, contact.id, { lifecyclestage: NEXT_LIFECYCLE[contact.properties.lifecyclestage!]! }, at);
    return 'lifecycle';
  }
  if (r < 0.5) {
    const c = contacts.filter((x) => x.properties.lifecyclestage === 'opportunity' && state.dealIdsOf(portalId, x.id).length === 0);
    if (c.length === 0) return null;
    const contact = pick(random, c);
    state.createDeal(portalId, { dealname: demoDealName(random, demoPerson(random, Number(contact.id)).company), pipeline: 'default', dealstage: 'appointmentscheduled' }, [contact.id], at);
    return 'new-deal';
  }
  if (r < 0.85 && open.length > 0) {
    const deal = pick(random, open);
    const stage = deal.properties.dealstage!;
    if (stage !== 'contractsent') {
      state.updateDeal(portalId, deal.id, { dealstage: NEXT_STAGE[stage]! }, at);
      return 'deal-moves';
    }
    const won = random() < 0.65;
    state.updateDeal(portalId, deal.id, { dealstage: won ? 'closedwon' : 'closedlost', closedate: now.toISOString() }, at);
    if (won) for (const contactId of state.contactIdsOf(portalId, deal.id)) state.updateContact(portalId, contactId, { lifecyclestage: 'customer' }, at);
    return won ? 'deal-won' : 'deal-lost';
  }
  const customers = contacts.filter((x) => x.properties.lifecyclestage === 'customer');
  if (customers.length === 0) return null;
  const score = random() < 0.6 ? 9 + Math.floor(random() * 2) : Math.floor(random() * 9);
  state.updateContact(portalId, pick(random, customers).id, { hs_feedback_last_nps_rating: String(score), hs_feedback_last_survey_date: String(now.getTime()) }, at);
  return 'nps';
}

/** The team at work: one change every `everyMs`, until stop(). */
export function startSalesTeam(state: FakeState, portalId: string, o: { everyMs: number; random: () => number; now: () => Date }): { stop(): void } {
  const timer = setInterval(() => {
    try {
      salesTeamTick(state, portalId, o.random, o.now());
    } catch {
      // A record changed under us (merged, deleted): the next tick picks another.
    }
  }, o.everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
