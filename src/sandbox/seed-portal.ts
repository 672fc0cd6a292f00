import type { FakeState } from './fake-hubspot/state.ts';
import { between, seededRandom } from './demo/random.ts';
import { demoDealName, demoPerson } from './demo/names.ts';

const DAY = 86_400_000;
const OPEN_STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent'] as const;

export type SeedOptions = { contacts?: number; now: Date; seed: number; onProgress?: (done: number, total: number) => void };

/**
 * A demo B2B portal with about nine months of history, made through the stand-in's
 * mutation API with backdated times, so HubSpot's own dates (lifecycle stage dates, deal
 * close dates) carry the past: most contacts stay subscribers or leads; a funnel-like share
 * become MQL, SQL, opportunity with a deal moving through the pipeline; some win, some
 * lose; some customers buy again, answer NPS surveys or become evangelists; a few merge.
 * Deterministic for a seed.
 */
export function seedPortal(state: FakeState, portalId: string, o: SeedOptions): { contactIds: string[]; dealIds: string[] } {
  const random = seededRandom(o.seed);
  const total = o.contacts ?? 300;
  const now = o.now.getTime();
  const contactIds: string[] = [];
  const dealIds: string[] = [];
  const past = (t: number) => t < now - 60_000;

  for (let n = 0; n < total; n++) {
    const person = demoPerson(random, n);
    let t = Math.round(now - between(random, 3, 270) * DAY);
    const { company: _company, ...contactValues } = person;
    const id = state.createContact(portalId, { ...contactValues, lifecyclestage: 'subscriber' }, { at: new Date(t) });
    contactIds.push(id);
    o.onProgress?.(n + 1, total);
    const step = (minDays: number, maxDays: number) => (t += Math.round(between(random, minDays, maxDays) * DAY));
    const set = (values: Record<string, string>) => state.updateContact(portalId, id, values, { at: new Date(t) });

    if (random() > 0.7 || !past(step(1, 20))) continue;
    set({ lifecyclestage: 'lead' });
    if (random() > 0.65 || !past(step(2, 25))) continue;
    set({ lifecyclestage: 'marketingqualifiedlead' });
    if (random() > 0.7 || !past(step(2, 20))) continue;
    set({ lifecyclestage: 'salesqualifiedlead' });
    if (!past(step(1, 10))) continue;
    set({ lifecyclestage: 'opportunity' });
    const won = openAndClose(state, portalId, id, person.company, random, t, now, dealIds);
    if (won === null) continue;
    t = won;
    set({ lifecyclestage: 'customer' });
    if (random() < 0.3 && past(step(30, 150))) openAndClose(state, portalId, id, person.company, random, t - 20 * DAY, now, dealIds, true);
    if (random() < 0.5 && past(step(10, 60))) {
      const r = random();
      const score = r < 0.6 ? 9 + Math.floor(random() * 2) : r < 0.8 ? 7 + Math.floor(random() * 2) : Math.floor(random() * 7);
      set({ hs_feedback_last_nps_rating: String(score), hs_feedback_last_survey_date: String(Math.round(t)) });
      if (score >= 9 && random() < 0.25 && past(step(5, 40))) set({ lifecyclestage: 'evangelist' });
    }
  }
  // A couple of duplicates found and merged, as every CRM has.
  for (let m = 0; m < 2 && contactIds.length > 10; m++) {
    const [a, b] = [contactIds[m * 2]!, contactIds[m * 2 + 1]!];
    const merged = state.mergeContacts(portalId, a, b, { at: new Date(now - DAY) });
    contactIds.splice(m * 2, 2, merged);
  }
  return { contactIds, dealIds };
}

/** A deal from first meeting to closed; returns the time it was won, or null (lost or still open). */
function openAndClose(
  state: FakeState, portalId: string, contactId: string, company: string, random: () => number,
  start: number, now: number, dealIds: string[], surelyWon = false,
): number | null {
  let t = start;
  const dealId = state.createDeal(portalId, { dealname: demoDealName(random, company), pipeline: 'default', dealstage: OPEN_STAGES[0], amount: String(Math.round(between(random, 2, 60)) * 500) }, [contactId], { at: new Date(t) });
  dealIds.push(dealId);
  const depth = 1 + Math.floor(random() * OPEN_STAGES.length);
  for (const stage of OPEN_STAGES.slice(1, depth)) {
    t += between(random, 2, 12) * DAY;
    if (t >= now) return null;
    state.updateDeal(portalId, dealId, { dealstage: stage }, { at: new Date(t) });
  }
  t += between(random, 2, 15) * DAY;
  if (t >= now || (!surelyWon && random() < 0.35)) {
    if (t < now) state.updateDeal(portalId, dealId, { dealstage: 'closedlost', closedate: new Date(t).toISOString() }, { at: new Date(t) });
    return null;
  }
  state.updateDeal(portalId, dealId, { dealstage: 'closedwon', closedate: new Date(t).toISOString() }, { at: new Date(t) });
  return t;
}
