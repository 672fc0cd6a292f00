import { describe, expect, it } from 'vitest';
import { buildJourney } from '../../../src/engine/build-journey.ts';
import { deriveStages } from '../../../src/engine/derive-stages.ts';
import { Journey } from '@journey-stages/contract/journey';
import { parseStageModel } from '@journey-stages/contract/parse-stage-model';
import { presets } from '../../../src/engine/presets/index.ts';
import { requiredContactProperties } from '../../../src/engine/required-properties.ts';
import { readSatisfaction } from '../../../src/engine/satisfaction.ts';
import { advanceTimeline } from '../../../src/engine/timeline.ts';
import { contact, evidence, wonDeal } from './evidence-builders.ts';

// HubSpot's contact properties hs_feedback_last_{csat,ces}_survey_{rating,date}.
const now = new Date('2026-06-01T12:00:00.000Z');
const answers = {
  hs_feedback_last_nps_rating_number: '7',
  hs_feedback_last_survey_date: '2026-05-01T08:00:00.000Z',
  hs_feedback_last_csat_survey_rating: '2',
  hs_feedback_last_csat_survey_date: '1777000000000',
  hs_feedback_last_ces_survey_rating: '6',
  hs_feedback_last_ces_survey_date: null,
};

describe('readSatisfaction', () => {
  it('readSatisfaction(contact) lists the last NPS, CSAT and CES answers with their dates', () => {
    expect(readSatisfaction(contact(answers))).toEqual([
      { kind: 'nps', value: 7, at: '2026-05-01T08:00:00.000Z' },
      { kind: 'csat', value: 2, at: new Date(1777000000000).toISOString() },
      { kind: 'ces', value: 6, at: null },
    ]);
  });

  it('readSatisfaction(only the old NPS enumeration, no surveys answered) reads the enumeration and leaves the rest out', () => {
    expect(readSatisfaction(contact({ hs_feedback_last_nps_rating: '10' }))).toEqual([
      { kind: 'nps', value: 10, at: null },
    ]);
    expect(readSatisfaction(contact())).toEqual([]);
  });

  it('requiredContactProperties(any preset) reads the survey answers, so the journey can show them', () => {
    expect(requiredContactProperties(presets['adoption-5']!)).toEqual(
      expect.arrayContaining([
        'hs_feedback_last_csat_survey_rating',
        'hs_feedback_last_csat_survey_date',
        'hs_feedback_last_ces_survey_rating',
        'hs_feedback_last_ces_survey_date',
      ]),
    );
  });

  it('buildJourney(with the stored contact) carries satisfaction', () => {
    const e = evidence(contact(answers));
    const derivation = deriveStages(presets['classic-5']!, e, now);
    const { history } = advanceTimeline([], derivation, presets['classic-5']!, now);
    const journey = Journey.parse(
      buildJourney({
        portalId: '1',
        contactId: '101',
        model: presets['classic-5']!,
        history,
        derivation,
        updatedAt: now,
        contact: e.contact,
      }),
    );
    expect(journey.satisfaction?.map((a) => `${a.kind} ${a.value}`)).toEqual(['nps 7', 'csat 2', 'ces 6']);
  });
});

describe('surveyAnswer rule', () => {
  const model = parseStageModel({
    id: 'service',
    label: 'Service',
    stages: [
      { id: 'known', label: 'Known', holdsWhen: [{ kind: 'contactExists' }] },
      { id: 'customer', label: 'Customer', holdsWhen: [{ kind: 'wonDealCount' }] },
      {
        id: 'at_risk',
        label: 'At risk',
        holdsWhen: [{ kind: 'surveyAnswer', survey: 'csat', max: 2, requires: ['customer'] }],
      },
    ],
  });
  if (!model.success) throw new Error(model.errors.join('; '));
  const won = wonDeal('d1', '2026-03-02T10:00:00.000Z');

  it('deriveStages(CSAT at most 2 after purchase) holds, dated and explained by the answer', () => {
    const derivation = deriveStages(
      model.data,
      evidence(
        contact({
          hs_feedback_last_csat_survey_rating: '2',
          hs_feedback_last_csat_survey_date: '2026-04-04T09:00:00.000Z',
        }),
        [won],
      ),
      now,
    );
    expect(derivation.current).toEqual({ stage: 'at_risk', enteredAt: new Date('2026-04-04T09:00:00.000Z') });
    const atRisk = derivation.holding.at(-1)!;
    expect(atRisk.reason).toBe('CSAT answer 2 on 4 Apr 2026');
    expect(atRisk.evidence).toContainEqual({
      object: 'contact',
      id: '101',
      property: 'hs_feedback_last_csat_survey_rating',
      value: '2',
    });
  });

  it('deriveStages(CSAT 4, or a low CSAT before any purchase) does not hold', () => {
    expect(
      deriveStages(model.data, evidence(contact({ hs_feedback_last_csat_survey_rating: '4' }), [won]), now).current
        .stage,
    ).toBe('customer');
    expect(
      deriveStages(model.data, evidence(contact({ hs_feedback_last_csat_survey_rating: '1' })), now).current.stage,
    ).toBe('known');
  });

  it('parseStageModel(surveyAnswer without min or max) names the stage and rule', () => {
    const result = parseStageModel({
      id: 'm',
      label: 'M',
      stages: [
        { id: 'known', label: 'Known', holdsWhen: [{ kind: 'contactExists' }] },
        { id: 'happy', label: 'Happy', holdsWhen: [{ kind: 'surveyAnswer', survey: 'ces' }] },
      ],
    });
    expect(result).toEqual({ success: false, errors: ['stages[1] "happy".holdsWhen[0]: give "min", "max" or both'] });
  });
});
