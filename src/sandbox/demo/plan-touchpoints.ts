import type { EngagementType } from '../fake-hubspot/engagements.ts';
import type { Beat } from './plan-story.ts';
import { between, pick } from './random.ts';

/** One engagement of the demo, `day` days after the contact was created. */
export type TouchpointBeat = { day: number; type: EngagementType; properties: Record<string, string> };

const EMAILS = [
  'Welcome to the newsletter',
  'Your guide to getting started',
  'Following up on our chat',
  'Pricing for your team',
  'Renewal options',
  'What is new this quarter',
];
const CALLS = ['Discovery call', 'Demo follow-up', 'Pricing questions', 'Check-in call'];
const MEETINGS = ['Product demo', 'Proposal review', 'Onboarding kickoff', 'Quarterly business review'];
const TICKETS = ['Cannot log in', 'Invoice address wrong', 'Export fails for large reports', 'How do I add users?'];
const FORMS = [
  'Newsletter sign-up: Blog',
  'Contact us: Pricing page',
  'Webinar registration: Events',
  'Ebook download: Resources',
];

/**
 * The touchpoints of a demo contact's story, all before `endDay`: emails throughout, calls
 * and meetings around its deals, tickets after a win; and its first and latest form
 * submissions as the contact's conversion properties. A random stream of its own, so the
 * stories of the seed stay what they were.
 */
export function planTouchpoints(
  beats: readonly Beat[],
  endDay: number,
  random: () => number,
): { engagements: TouchpointBeat[]; forms: Array<{ day: number; name: string }> } {
  const engagements: TouchpointBeat[] = [];
  const at = (lo: number, hi: number) => Math.min(between(random, lo, hi), endDay - 0.001);
  for (let i = 0, n = 1 + Math.floor(random() * 5); i < n; i++)
    engagements.push({
      day: at(0, endDay),
      type: 'emails',
      properties: { hs_email_subject: pick(random, EMAILS), hs_email_direction: 'EMAIL' },
    });
  for (const beat of beats) {
    if (beat.kind === 'open-deal') {
      engagements.push({
        day: at(beat.day, beat.day + 3),
        type: 'calls',
        properties: { hs_call_title: pick(random, CALLS) },
      });
      if (random() < 0.7)
        engagements.push({
          day: at(beat.day + 1, beat.day + 10),
          type: 'meetings',
          properties: { hs_meeting_title: pick(random, MEETINGS) },
        });
    }
    if (beat.kind === 'close-deal' && beat.won && random() < 0.6)
      engagements.push({
        day: at(beat.day + 2, Math.max(beat.day + 2, endDay)),
        type: 'tickets',
        properties: { subject: pick(random, TICKETS), hs_pipeline_stage: '1' },
      });
  }
  const forms = random() < 0.8 ? [{ day: 0, name: pick(random, FORMS) }] : [];
  if (forms.length > 0 && random() < 0.5) forms.push({ day: at(endDay / 2, endDay), name: pick(random, FORMS) });
  return { engagements: engagements.filter((e) => e.day >= 0), forms };
}
