import { DEMO_OWNERS, DEMO_PERSONAS, type TRAFFIC_SOURCES } from '../fake-hubspot/standard-properties.ts';
import type { Beat } from './plan-story.ts';
import { between, pick, pickWeighted } from './random.ts';

/** A change of the contact's profile, `day` days after the contact was created. */
export type ProfileBeat = { day: number; properties: Record<string, string>; survey?: 'csat' | 'ces' };

/** How often the original source is each value: most B2B leads come from search and email. */
const SOURCE_WEIGHTS: ReadonlyArray<readonly [(typeof TRAFFIC_SOURCES)[number][0], number]> = [
  ['ORGANIC_SEARCH', 0.3],
  ['PAID_SEARCH', 0.15],
  ['EMAIL_MARKETING', 0.12],
  ['SOCIAL_MEDIA', 0.08],
  ['REFERRALS', 0.1],
  ['OTHER_CAMPAIGNS', 0.05],
  ['DIRECT_TRAFFIC', 0.12],
  ['OFFLINE', 0.05],
  ['PAID_SOCIAL', 0.03],
];

/**
 * The segments a manager splits the funnel by, over a demo contact's story, so every view of
 * the home page has something to show: the original source (set at creation), a persona for
 * most contacts (a few are reclassified part-way, a dated segment change), an owner from the
 * moment sales takes the contact on (some handed to a colleague later), and CSAT (1 to 5) and
 * CES (1 to 7) answers after a purchase. Its own random stream: the stories stay the same.
 */
export function planProfile(
  beats: readonly Beat[],
  endDay: number,
  random: () => number,
): { initial: Record<string, string>; changes: ProfileBeat[] } {
  const source = pickWeighted(random, SOURCE_WEIGHTS);
  const initial: Record<string, string> = { hs_analytics_source: source };
  const changes: ProfileBeat[] = [];
  const before = (day: number) => Math.min(day, endDay - 0.001);

  const personas = DEMO_PERSONAS.map(([value]) => value);
  if (random() < 0.85) {
    const persona = pick(random, personas);
    initial.hs_persona = persona;
    if (endDay > 10 && random() < 0.15) {
      const other = pick(
        random,
        personas.filter((p) => p !== persona),
      );
      changes.push({ day: before(between(random, 2, endDay / 2)), properties: { hs_persona: other } });
    }
  }

  const taken =
    beats.find((b) => (b.kind === 'lifecycle' && b.stage === 'salesqualifiedlead') || b.kind === 'open-deal') ??
    (random() < 0.4 ? beats.find((b) => b.kind === 'lifecycle' && b.stage === 'lead') : undefined);
  if (taken !== undefined) {
    const owners = DEMO_OWNERS.map(([id]) => id);
    const owner = pick(random, owners);
    changes.push({ day: before(taken.day), properties: { hubspot_owner_id: owner } });
    if (random() < 0.1 && endDay - taken.day > 4)
      changes.push({
        day: before(between(random, taken.day + 2, endDay)),
        properties: {
          hubspot_owner_id: pick(
            random,
            owners.filter((o) => o !== owner),
          ),
        },
      });
  }

  for (const beat of beats) {
    if (beat.kind !== 'close-deal' || !beat.won) continue;
    if (random() < 0.5)
      changes.push({
        day: before(beat.day + between(random, 3, 20)),
        survey: 'csat',
        properties: { hs_feedback_last_csat_survey_rating: String(1 + Math.floor(random() * 5)) },
      });
    if (random() < 0.3)
      changes.push({
        day: before(beat.day + between(random, 5, 30)),
        survey: 'ces',
        properties: { hs_feedback_last_ces_survey_rating: String(1 + Math.floor(random() * 7)) },
      });
  }
  return { initial, changes: changes.filter((c) => c.day >= 0).sort((a, b) => a.day - b.day) };
}
