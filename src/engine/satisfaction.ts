import { readProperty, type ContactSnapshot } from './evidence.ts';
import type { SatisfactionAnswer } from '@journey-stages/contract/journey';
import { parseHubSpotTime } from './parse-hubspot-time.ts';

export type Survey = SatisfactionAnswer['kind'];

/**
 * Where HubSpot keeps a contact's last answer to each survey type (HubSpot's contact
 * properties, "Customer feedback" group): the NPS number beside its older enumeration
 *, CSAT and CES ratings with their dates (numbers, datetimes).
 */
export const SURVEY_PROPERTIES = {
  nps: {
    rating: 'hs_feedback_last_nps_rating_number',
    fallback: 'hs_feedback_last_nps_rating',
    date: 'hs_feedback_last_survey_date',
    label: 'NPS answer',
  },
  csat: {
    rating: 'hs_feedback_last_csat_survey_rating',
    fallback: undefined,
    date: 'hs_feedback_last_csat_survey_date',
    label: 'CSAT answer',
  },
  ces: {
    rating: 'hs_feedback_last_ces_survey_rating',
    fallback: undefined,
    date: 'hs_feedback_last_ces_survey_date',
    label: 'CES answer',
  },
} as const satisfies Record<Survey, { rating: string; fallback: string | undefined; date: string; label: string }>;

/** Every property the satisfaction answers are read from, for the contact read list. */
export const satisfactionProperties: readonly string[] = Object.values(SURVEY_PROPERTIES).flatMap((p) => [
  p.rating,
  p.date,
  ...(p.fallback ? [p.fallback] : []),
]);

/** The last NPS, CSAT and CES answers the contact gave, in that order; a survey never answered is left out. */
export function readSatisfaction(contact: ContactSnapshot): SatisfactionAnswer[] {
  const answers: SatisfactionAnswer[] = [];
  for (const kind of ['nps', 'csat', 'ces'] as const) {
    const p = SURVEY_PROPERTIES[kind];
    const raw =
      readProperty(contact.properties, p.rating) ?? (p.fallback ? readProperty(contact.properties, p.fallback) : null);
    const value = raw === null || raw.trim() === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(value)) continue;
    const at = parseHubSpotTime(readProperty(contact.properties, p.date));
    answers.push({ kind, value, at: at === null ? null : new Date(at).toISOString() });
  }
  return answers;
}
