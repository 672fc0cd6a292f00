import type { FakeState, RecordView } from './fake-hubspot/state.ts';
import { pick } from './demo/random.ts';
import { demoCompany, demoDealName, demoPerson } from './demo/names.ts';
import { npsScore } from './demo/nps-score.ts';

const NEXT_DEAL_STAGE: Readonly<Record<string, string>> = {
  appointmentscheduled: 'qualifiedtobuy',
  qualifiedtobuy: 'presentationscheduled',
  presentationscheduled: 'decisionmakerboughtin',
  decisionmakerboughtin: 'contractsent',
};
const NEXT_LIFECYCLE: Readonly<Record<string, string>> = {
  subscriber: 'lead',
  lead: 'marketingqualifiedlead',
  marketingqualifiedlead: 'salesqualifiedlead',
  salesqualifiedlead: 'opportunity',
};

export const SALES_TEAM_ACTIONS = [
  'new-lead',
  'lifecycle',
  'new-deal',
  'deal-moves',
  'deal-won',
  'deal-lost',
  'nps',
  'merge',
] as const;
export type SalesTeamAction = (typeof SALES_TEAM_ACTIONS)[number];

type Candidate = { weight: number; run: () => SalesTeamAction };

/**
 * One plausible change a sales team makes, through the stand-in's mutation API (so it
 * reaches the service as signed webhooks): a new lead, a lifecycle step, a deal opened,
 * moved, won or lost, an NPS answer, rarely a merge of duplicates. Picks among the changes
 * the portal allows now (a new lead always fits) and returns what it did.
 */
export function salesTeamTick(state: FakeState, portalId: string, random: () => number, now: Date): SalesTeamAction {
  const at = { at: now };
  const contacts = state.listContacts(portalId);
  const open = state
    .listDeals(portalId)
    .filter((d) => d.properties.dealstage === 'contractsent' || NEXT_DEAL_STAGE[d.properties.dealstage ?? '']);
  const climbing = contacts.filter((c) => NEXT_LIFECYCLE[c.properties.lifecyclestage ?? '']);
  const dealless = contacts.filter(
    (c) => c.properties.lifecyclestage === 'opportunity' && state.dealIdsOf(portalId, c.id).length === 0,
  );
  const customers = contacts.filter(
    (c) => c.properties.lifecyclestage === 'customer' || c.properties.lifecyclestage === 'evangelist',
  );
  const lc = (c: RecordView) => c.properties.lifecyclestage ?? '';

  const candidates: Candidate[] = [
    {
      weight: 3,
      run: () => {
        const { company: _company, ...person } = demoPerson(random, Math.floor(random() * 1e9));
        state.createContact(portalId, { ...person, lifecyclestage: 'lead' }, at);
        return 'new-lead';
      },
    },
  ];
  if (climbing.length > 0)
    candidates.push({
      weight: 3,
      run: () => {
        const contact = pick(random, climbing);
        state.updateContact(portalId, contact.id, { lifecyclestage: NEXT_LIFECYCLE[lc(contact)]! }, at);
        return 'lifecycle';
      },
    });
  if (dealless.length > 0)
    candidates.push({
      weight: 2,
      run: () => {
        const values = {
          dealname: demoDealName(random, demoCompany(random)),
          pipeline: 'default',
          dealstage: 'appointmentscheduled',
        };
        state.createDeal(portalId, values, [pick(random, dealless).id], at);
        return 'new-deal';
      },
    });
  if (open.length > 0)
    candidates.push({ weight: 5, run: () => closeOrMove(state, portalId, pick(random, open), random, now) });
  if (customers.length > 0)
    candidates.push({
      weight: 1.5,
      run: () => {
        const values = {
          hs_feedback_last_nps_rating: String(npsScore(random)),
          hs_feedback_last_survey_date: String(now.getTime()),
        };
        state.updateContact(portalId, pick(random, customers).id, values, at);
        return 'nps';
      },
    });
  if (contacts.length >= 2)
    candidates.push({
      weight: 0.2,
      run: () => {
        const primary = pick(random, contacts);
        const others = contacts.filter((c) => c.id !== primary.id);
        state.mergeContacts(portalId, primary.id, pick(random, others).id, at);
        return 'merge';
      },
    });

  let r = random() * candidates.reduce((sum, c) => sum + c.weight, 0);
  for (const candidate of candidates) {
    if (r < candidate.weight) return candidate.run();
    r -= candidate.weight;
  }
  return candidates[0]!.run();
}

/** A deal at "contract sent" closes, two in three won; earlier deals mostly move on, some are lost. */
function closeOrMove(
  state: FakeState,
  portalId: string,
  deal: RecordView,
  random: () => number,
  now: Date,
): SalesTeamAction {
  const at = { at: now };
  const next = NEXT_DEAL_STAGE[deal.properties.dealstage ?? ''];
  const won = next === undefined && random() < 0.65;
  if (next !== undefined && random() < 0.85) {
    state.updateDeal(portalId, deal.id, { dealstage: next }, at);
    return 'deal-moves';
  }
  state.updateDeal(
    portalId,
    deal.id,
    { dealstage: won ? 'closedwon' : 'closedlost', closedate: now.toISOString() },
    at,
  );
  if (!won) return 'deal-lost';
  for (const contactId of state.contactIdsOf(portalId, deal.id)) {
    const contact = state.getContact(portalId, contactId);
    if (contact?.properties.lifecyclestage !== 'evangelist')
      state.updateContact(portalId, contactId, { lifecyclestage: 'customer' }, at);
  }
  return 'deal-won';
}

/**
 * The team at work: one change every `everyMs`, until stop(). A change the stand-in
 * refuses is handed to `onError` and the team goes on: the demo must not stop over one.
 */
export function startSalesTeam(
  state: FakeState,
  portalId: string,
  o: { everyMs: number; random: () => number; now: () => Date; onError?: (err: unknown) => void },
): { stop(): void } {
  const timer = setInterval(() => {
    try {
      salesTeamTick(state, portalId, o.random, o.now());
    } catch (err) {
      o.onError?.(err);
    }
  }, o.everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
