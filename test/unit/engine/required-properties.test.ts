import { describe, expect, it } from 'vitest';
import { presets } from '../../../src/engine/presets/index.ts';
import { requiredContactProperties, requiredDealProperties } from '../../../src/engine/required-properties.ts';

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
