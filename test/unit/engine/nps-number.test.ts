import { describe, expect, it } from 'vitest';
import { deriveStages } from '../../../src/engine/derive-stages.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import { contact, evidence, wonDeal } from './evidence-builders.ts';

// HubSpot keeps the NPS answer as a number beside the older enumeration.
const now = new Date('2026-06-01T12:00:00.000Z');
const answered = (nps: Record<string, string | null>) =>
  evidence(contact({ hs_feedback_last_survey_date: '2026-05-01T08:00:00.000Z', ...nps }), [
    wonDeal('d1', '2026-03-02T10:00:00.000Z'),
  ]);
const stageOf = (id: string, nps: Record<string, string | null>) =>
  deriveStages(presets[id]!, answered(nps), now).current.stage;

describe.each(['classic-5', 'interest-6', 'lifecycle-7', 'adoption-5'])('NPS promoter in %s', (id) => {
  it('reads hs_feedback_last_nps_rating_number when present: 10 is a promoter', () => {
    expect(stageOf(id, { hs_feedback_last_nps_rating_number: '10' })).toBe('advocacy');
    const advocacy = deriveStages(presets[id]!, answered({ hs_feedback_last_nps_rating_number: '10' }), now).holding.at(
      -1,
    )!;
    expect(advocacy.evidence).toContainEqual({
      object: 'contact',
      id: '101',
      property: 'hs_feedback_last_nps_rating_number',
      value: '10',
    });
  });

  it('the number wins over the older enumeration: 3 with an old 10 is no promoter', () => {
    expect(stageOf(id, { hs_feedback_last_nps_rating_number: '3', hs_feedback_last_nps_rating: '10' })).not.toBe(
      'advocacy',
    );
  });

  it('falls back to hs_feedback_last_nps_rating when the number is empty', () => {
    expect(stageOf(id, { hs_feedback_last_nps_rating_number: null, hs_feedback_last_nps_rating: '9' })).toBe(
      'advocacy',
    );
    expect(stageOf(id, { hs_feedback_last_nps_rating: '6' })).not.toBe('advocacy');
  });
});
