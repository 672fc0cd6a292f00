import type { FakeState } from './fake-hubspot/state.ts';
import { between, seededRandom } from './demo/random.ts';
import { demoPerson } from './demo/names.ts';
import { pickPersona } from './demo/personas.ts';
import { planStory, type Beat, type Story } from './demo/plan-story.ts';
import { planProfile } from './demo/plan-profile.ts';
import { planTouchpoints } from './demo/plan-touchpoints.ts';

const DAY = 86_400_000;
const OLDEST_DAYS = 275;

export type SeedOptions = {
  contacts?: number;
  now: Date;
  seed: number;
  onProgress?: (done: number, total: number) => void;
};

/**
 * A demo B2B portal with about nine months of history, made through the stand-in's
 * mutation API with backdated times, so HubSpot's own dates (lifecycle stage dates, deal
 * close dates) carry the past: most contacts stay subscribers or leads; fewer become MQL,
 * SQL, opportunity with deals moving through the pipeline; some win, some lose; customers
 * buy again, answer NPS surveys, become evangelists. Regressions too: the first two wins
 * are cancelled a few days later, some promoters later answer as detractors. Two pairs of
 * duplicate leads are merged last (merges make new ids). Deterministic for a seed.
 *
 * @example seedPortal(fake.state, '62515', { now: new Date(), seed: 62515 })
 */
export function seedPortal(
  state: FakeState,
  portalId: string,
  o: SeedOptions,
): { contactIds: string[]; dealIds: string[]; sharedTicketIds: string[] } {
  const random = seededRandom(o.seed);
  // Touchpoints draw from a stream of their own: the stories stay the same with or without them.
  const touchRandom = seededRandom(o.seed ^ 0x7041c4);
  const profileRandom = seededRandom(o.seed ^ 0x5e6a11);
  const total = o.contacts ?? 300;
  // Every seeded change happens before the horizon; the merges come after all of them.
  const horizon = o.now.getTime() - 60_000;
  const contactIds: string[] = [];
  const dealIds: string[] = [];
  const duplicates: string[] = [];
  const tickets: string[] = [];
  let cancellations = 2;

  for (let n = 0; n < total; n++) {
    const { company, ...person } = demoPerson(random, n);
    const persona = pickPersona(random);
    const story = planStory(persona, { random, company, cancelWin: cancellations > 0 });
    if (story.cancelled) cancellations--;
    const start = horizon - (placeAnchor(story, random) + story.anchorDay) * DAY;
    const at = (day: number) => ({ at: new Date(Math.round(start + day * DAY)) });
    const touch = planTouchpoints(story.beats, (horizon - start) / DAY, touchRandom);
    const profile = planProfile(story.beats, (horizon - start) / DAY, profileRandom);
    const id = state.createContact(
      portalId,
      { ...person, lifecyclestage: 'subscriber', ...conversions(touch.forms, at), ...profile.initial },
      at(0),
    );
    contactIds.push(id);
    if ((persona === 'subscriber' || persona === 'lead') && duplicates.length < 4) duplicates.push(id);
    const deals: string[] = [];
    // Story and profile changes in time order: an owner taken on with the deal, a CSAT answer after the win.
    const changes = [
      ...story.beats.map((beat) => ({ day: beat.day, beat })),
      ...profile.changes.map((change) => ({ day: change.day, change })),
    ];
    for (const c of changes.sort((a, b) => a.day - b.day)) {
      const when = at(c.day);
      if ('beat' in c) play(state, portalId, id, deals, c.beat, when);
      else {
        const { survey, properties } = c.change;
        const dated =
          survey === undefined ? {} : { [`hs_feedback_last_${survey}_survey_date`]: String(when.at.getTime()) };
        state.updateContact(portalId, id, { ...properties, ...dated }, when);
      }
    }
    for (const e of touch.engagements) {
      const when = at(e.day).at;
      const time: Record<string, string> = e.type === 'tickets' ? {} : { hs_timestamp: when.toISOString() };
      if (e.type === 'meetings') time.hs_meeting_start_time = when.toISOString();
      const engagementId = state.logEngagement(portalId, e.type, id, { ...e.properties, ...time }, { at: when });
      if (e.type === 'tickets') tickets.push(engagementId);
    }
    dealIds.push(...deals);
    o.onProgress?.(n + 1, total);
  }
  const sharedTicketIds = addSecondRequesters(state, portalId, tickets, contactIds);
  // Leads who signed up twice, found and merged, as in every CRM.
  const merged: string[] = [];
  for (let m = 0; m + 1 < duplicates.length; m += 2) {
    merged.push(duplicates[m]!, duplicates[m + 1]!);
    contactIds.push(
      state.mergeContacts(portalId, duplicates[m]!, duplicates[m + 1]!, { at: new Date(horizon + 30_000) }),
    );
  }
  return { contactIds: contactIds.filter((id) => !merged.includes(id)), dealIds, sharedTicketIds };
}

/**
 * Every fourth ticket was written in by two people: a colleague of the customer joins it, and
 * the customer's association carries HubSpot's "Primary" label (the help desk card lists the
 * primary contact first).
 */
function addSecondRequesters(state: FakeState, portalId: string, tickets: string[], contactIds: string[]): string[] {
  const shared: string[] = [];
  tickets.forEach((ticketId, i) => {
    if (i % 4 !== 0 || contactIds.length < 2) return;
    const ticket = state.engagements.get(portalId, 'tickets', ticketId);
    const colleague = contactIds[(contactIds.indexOf(ticket?.contactId ?? '') + 7) % contactIds.length]!;
    if (ticket === undefined || colleague === ticket.contactId) return;
    state.engagements.labelFirstContact(portalId, 'tickets', ticketId, 'Primary');
    state.engagements.associateContact(portalId, 'tickets', ticketId, colleague);
    shared.push(ticketId);
  });
  return shared;
}

/** HubSpot's conversion properties: the first and the latest form submission, and how many. */
function conversions(
  forms: ReadonlyArray<{ day: number; name: string }>,
  at: (day: number) => { at: Date },
): Record<string, string> {
  const first = forms[0];
  if (first === undefined) return {};
  const recent = forms.at(-1)!;
  return {
    first_conversion_date: at(first.day).at.toISOString(),
    first_conversion_event_name: first.name,
    recent_conversion_date: at(recent.day).at.toISOString(),
    recent_conversion_event_name: recent.name,
    num_conversion_events: String(forms.length),
  };
}

/** Days before the horizon for the story's anchor: inside the persona's window, the whole story before the horizon, created within ~9 months. */
function placeAnchor(story: Story, random: () => number): number {
  const tail = (story.beats.at(-1)?.day ?? 0) - story.anchorDay;
  const lo = Math.max(story.anchorDaysAgo[0], tail + 0.01);
  const hi = Math.max(lo, Math.min(story.anchorDaysAgo[1], OLDEST_DAYS - story.anchorDay));
  return between(random, lo, hi);
}

function play(
  state: FakeState,
  portalId: string,
  contactId: string,
  deals: string[],
  beat: Beat,
  when: { at: Date },
): void {
  const closedate = when.at.toISOString();
  switch (beat.kind) {
    case 'lifecycle':
      return state.updateContact(portalId, contactId, { lifecyclestage: beat.stage }, when);
    case 'nps':
      return state.updateContact(
        portalId,
        contactId,
        { hs_feedback_last_nps_rating: String(beat.score), hs_feedback_last_survey_date: String(when.at.getTime()) },
        when,
      );
    case 'open-deal': {
      const values = {
        dealname: beat.dealname,
        amount: beat.amount,
        pipeline: 'default',
        dealstage: 'appointmentscheduled',
      };
      deals[beat.deal] = state.createDeal(portalId, values, [contactId], when);
      return;
    }
    case 'move-deal':
      return state.updateDeal(portalId, deals[beat.deal]!, { dealstage: beat.stage }, when);
    case 'close-deal':
      return state.updateDeal(
        portalId,
        deals[beat.deal]!,
        { dealstage: beat.won ? 'closedwon' : 'closedlost', closedate },
        when,
      );
    default:
      beat satisfies never;
  }
}
