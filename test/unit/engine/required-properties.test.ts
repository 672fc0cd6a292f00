import { describe, expect, it } from 'vitest';
import { presets } from '../../../src/engine/presets/index.ts';
import {
  contactPropertyBudgetErrors,
  MAX_CONTACT_PROPERTIES,
  requiredContactProperties,
  requiredDealProperties,
  segmentProperties,
} from '../../../src/engine/required-properties.ts';
import { satisfactionProperties } from '../../../src/engine/satisfaction.ts';
import { parseStageModel } from '@journey-stages/contract/parse-stage-model';
import type { StageModel, StageModelInput } from '@journey-stages/contract/stage-model';

describe('requiredContactProperties / requiredDealProperties', () => {
  it('requiredContactProperties(classic-5) lists exactly what its rules read, with each lifecycle date, the surveys and the segments', () => {
    expect(requiredContactProperties(presets['classic-5']!)).toEqual([
      'createdate',
      'hs_analytics_source',
      'hs_feedback_last_ces_survey_date',
      'hs_feedback_last_ces_survey_rating',
      'hs_feedback_last_csat_survey_date',
      'hs_feedback_last_csat_survey_rating',
      'hs_feedback_last_nps_rating',
      'hs_feedback_last_nps_rating_number',
      'hs_feedback_last_survey_date',
      'hs_lifecyclestage_customer_date',
      'hs_lifecyclestage_evangelist_date',
      'hs_lifecyclestage_lead_date',
      'hs_lifecyclestage_marketingqualifiedlead_date',
      'hs_lifecyclestage_opportunity_date',
      'hs_lifecyclestage_salesqualifiedlead_date',
      'hs_persona',
      'hubspot_owner_id',
      'lifecyclestage',
    ]);
  });

  it('requiredDealProperties(adoption-5) includes the won/closed facts and the stage-entry date', () => {
    const names = requiredDealProperties(presets['adoption-5']!);
    expect(names).toEqual(
      expect.arrayContaining([
        'dealname',
        'pipeline',
        'dealstage',
        'hs_is_closed_won',
        'closedate',
        'createdate',
        'hs_v2_date_entered_current_stage',
      ]),
    );
    expect(names).toEqual([...names].sort());
  });
});

type Rule = StageModelInput['stages'][number]['holdsWhen'][number];

/** A parsed custom model, one stage per list of rules (ids s0, s1, ...). */
function model(...stages: Rule[][]): StageModel {
  const parsed = parseStageModel({
    id: 'custom',
    label: 'Custom',
    stages: stages.map((holdsWhen, i) => ({ id: `s${i}`, label: `Stage ${i}`, holdsWhen })),
  });
  if (!parsed.success) throw new Error(parsed.errors.join('\n'));
  return parsed.data;
}
/** What every journey reads whatever the model: the survey answers and the segments. */
const always = new Set([...satisfactionProperties, ...segmentProperties]);
const beyondAlways = (m: StageModel) => requiredContactProperties(m).filter((name) => !always.has(name));

describe('requiredContactProperties(custom model): what each kind of rule reads', () => {
  it('asks for the property, its fallback and its date, and a date per listed value where the date names {value}', () => {
    const m = model(
      [{ kind: 'contactExists', dateProperty: 'first_seen_date' }],
      [
        {
          kind: 'contactOneOf',
          property: 'hs_lead_status',
          values: ['OPEN', 'IN_PROGRESS'],
          dateProperty: 'status_{value}_at',
        },
        { kind: 'contactEquals', property: 'plan', value: 'pro', dateProperty: 'plan_{value}_since' },
        { kind: 'contactEquals', property: 'region', value: 'emea' },
        { kind: 'contactOneOf', property: 'tier', values: ['gold'] },
      ],
      [
        {
          kind: 'contactNumberAtLeast',
          property: 'score',
          fallbackProperty: 'old_score',
          min: 5,
          dateProperty: 'score_date',
        },
        { kind: 'contactNumberAtMost', property: 'risk', max: 2 },
      ],
      [
        { kind: 'contactIsSet', property: 'phone', dateProperty: 'phone_set_date' },
        { kind: 'contactIsSet', property: 'mobile' },
      ],
      [
        { kind: 'surveyAnswer', survey: 'csat', min: 4 },
        { kind: 'anyOpenDeal', dateProperty: 'deal_opened_date' },
        { kind: 'timeSince', stage: 's0', days: 30 },
      ],
    );
    expect(beyondAlways(m)).toEqual([
      'first_seen_date',
      'hs_lead_status',
      'mobile',
      'old_score',
      'phone',
      'phone_set_date',
      'plan',
      'plan_pro_since',
      'region',
      'risk',
      'score',
      'score_date',
      'status_IN_PROGRESS_at',
      'status_OPEN_at',
      'tier',
    ]);
  });

  it('asks for the survey answers and segments even when no rule reads them, sorted, and each name once', () => {
    expect(requiredContactProperties(model([{ kind: 'contactExists' }]))).toEqual([...always, 'createdate'].sort());
    const twice = model(
      [{ kind: 'contactExists' }],
      [{ kind: 'contactIsSet', property: 'phone' }],
      [{ kind: 'contactIsSet', property: 'phone', requires: ['s1'] }],
    );
    expect(beyondAlways(twice)).toEqual(['createdate', 'phone']);
  });
});

describe('requiredDealProperties(custom model)', () => {
  it("asks for the base deal facts and each rule's date: one per listed stage for dealInStage", () => {
    const m = model(
      [{ kind: 'contactExists' }],
      [{ kind: 'dealCount', dateProperty: 'first_deal_date' }],
      [{ kind: 'wonDealCount', atLeast: 2, dateProperty: 'won_date' }],
      [{ kind: 'anyOpenDeal', dateProperty: 'opened_date' }],
      [{ kind: 'dealProbabilityAtLeast', probability: 0.5 }],
      [{ kind: 'dealInStage', pipeline: 'default', stages: ['appointmentscheduled', 'closedwon'] }],
      [{ kind: 'contactIsSet', property: 'phone', dateProperty: 'phone_set_date' }],
    );
    expect(requiredDealProperties(m)).toEqual([
      'amount',
      'closedate',
      'createdate',
      'dealname',
      'dealstage',
      'first_deal_date',
      'hs_deal_stage_probability',
      'hs_is_closed',
      'hs_is_closed_won',
      'hs_lastmodifieddate',
      'hs_v2_date_entered_appointmentscheduled',
      'hs_v2_date_entered_closedwon',
      'hs_v2_date_entered_current_stage',
      'opened_date',
      'pipeline',
      'won_date',
    ]);
  });
});

describe('contactPropertyBudgetErrors', () => {
  /** contactOneOf over n values, each dated by its own property: n + 1 contact properties. */
  const manyValues = (n: number, prefix: string): Rule => ({
    kind: 'contactOneOf',
    property: `${prefix}_choice`,
    values: Array.from({ length: n }, (_, i) => `v${i}`),
    dateProperty: `${prefix}_{value}_date`,
  });
  // s0 reads createdate beside what every journey reads.
  const room = MAX_CONTACT_PROPERTIES - always.size - 1;

  it(`accepts a model that reads exactly ${MAX_CONTACT_PROPERTIES} contact properties`, () => {
    const m = model([{ kind: 'contactExists' }], [manyValues(room - 1, 'a')]);
    expect(requiredContactProperties(m)).toHaveLength(MAX_CONTACT_PROPERTIES);
    expect(contactPropertyBudgetErrors(m)).toEqual([]);
  });

  it('names the first stage whose rules cross the bound, with how many the model reads up to it', () => {
    const m = model(
      [{ kind: 'contactExists' }],
      [manyValues(room - 1, 'a')],
      [{ kind: 'contactIsSet', property: 'phone' }],
      [manyValues(50, 'b')],
    );
    expect(contactPropertyBudgetErrors(m)).toEqual([
      `stages[2] "s2".holdsWhen: the model reads ${MAX_CONTACT_PROPERTIES + 1} contact properties up to this stage; at most ${MAX_CONTACT_PROPERTIES}`,
    ]);
  });
});
