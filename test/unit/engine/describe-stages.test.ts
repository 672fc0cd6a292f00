import { describe, expect, it } from 'vitest';
import { describeStages } from '../../../src/engine/describe-stages.ts';
import { StageModel } from '@journey-stages/contract/stage-model';

/* The rules in plain words the settings page shows for a custom model: every rule kind, with and without its options. */
const model = StageModel.parse({
  id: 'every_rule',
  label: 'Every rule',
  stages: [
    {
      id: 'lead',
      label: 'Lead',
      holdsWhen: [
        { kind: 'contactExists' },
        { kind: 'contactEquals', property: 'lifecyclestage', value: 'lead' },
        {
          kind: 'contactEquals',
          property: 'lifecyclestage',
          value: 'lead',
          dateProperty: 'hs_v2_date_entered_{value}',
        },
        {
          kind: 'contactOneOf',
          property: 'hs_lead_status',
          values: ['NEW', 'OPEN'],
          dateProperty: 'hs_lead_status_date',
        },
      ],
    },
    {
      id: 'engaged',
      label: 'Engaged',
      holdsWhen: [
        { kind: 'contactNumberAtLeast', property: 'hs_email_open', min: 3 },
        {
          kind: 'contactNumberAtLeast',
          property: 'nps_score',
          fallbackProperty: 'nps_legacy',
          min: 9,
          dateProperty: 'nps_date',
        },
        { kind: 'contactNumberAtMost', property: 'churn_risk', max: 2 },
        { kind: 'contactIsSet', property: 'phone', label: 'Phone Number' },
        { kind: 'contactIsSet', property: 'mobile', dateProperty: 'mobile_date' },
      ],
    },
    {
      id: 'buyer',
      label: 'Buyer',
      holdsWhen: [
        { kind: 'dealCount', requires: ['lead'] },
        { kind: 'dealCount', atLeast: 2 },
        { kind: 'wonDealCount', atLeast: 3 },
        { kind: 'wonDealCount', atLeast: 4, requires: ['lead', 'engaged'] },
        { kind: 'anyOpenDeal' },
        { kind: 'dealInStage', pipeline: 'default', stages: ['qualified', 'contractsent'] },
        { kind: 'dealProbabilityAtLeast', probability: 0.625 },
      ],
    },
    {
      id: 'fan',
      label: 'Fan',
      holdsWhen: [
        { kind: 'surveyAnswer', survey: 'nps', min: 9, max: 10 },
        { kind: 'surveyAnswer', survey: 'csat', min: 4 },
        { kind: 'surveyAnswer', survey: 'ces', max: 2 },
        { kind: 'timeSince', stage: 'buyer', days: 30 },
        { kind: 'timeSince', stage: 'gone', days: 7 },
      ],
    },
  ],
});

const described = (id: string) => describeStages(model).find((stage) => stage.id === id);

describe('describeStages (rules in plain words for the settings page)', () => {
  it('describeStages(contact rules) names the property, the value and what dates the stage', () => {
    expect(described('lead')).toEqual({
      id: 'lead',
      label: 'Lead',
      holdsWhen: [
        'the contact exists',
        '`lifecyclestage` is lead',
        '`lifecyclestage` is lead',
        '`hs_lead_status` is NEW, OPEN',
      ],
      enteredAt: [
        '`createdate`',
        'when observed',
        'the matching `hs_v2_date_entered_<value>`',
        '`hs_lead_status_date`',
      ],
    });
  });

  it('describeStages(number and is-set rules) names the fallback property, the bound and the label', () => {
    expect(described('engaged')).toEqual({
      id: 'engaged',
      label: 'Engaged',
      holdsWhen: [
        '`hs_email_open` is 3 or more',
        '`nps_score` (or, when empty, `nps_legacy`) is 9 or more',
        '`churn_risk` is 2 or less',
        '`phone` is set (phone number)',
        '`mobile` is set',
      ],
      enteredAt: ['when observed', '`nps_date`', 'when observed', 'when observed', '`mobile_date`'],
    });
  });

  it('describeStages(deal rules) counts deals, names which one dates the stage and the stages required first', () => {
    expect(described('buyer')).toEqual({
      id: 'buyer',
      label: 'Buyer',
      holdsWhen: [
        'the contact has at least one deal, once Lead holds',
        'the contact has at least 2 deals',
        'at least 3 won deals',
        'at least 4 won deals, once Lead and Engaged holds',
        'an open deal',
        'a deal in pipeline `default`, stage `qualified` or `contractsent`',
        'a deal at 63% probability or more (pipeline stage metadata)',
      ],
      enteredAt: [
        "the first deal's `createdate` (not before Lead)",
        "the second deal's `createdate`",
        "the third won deal's `closedate`",
        "the 4th won deal's `closedate` (not before Lead, Engaged)",
        "the first open deal's `createdate`",
        "the first such deal's `hs_v2_date_entered_<stage>`",
        "the first such deal's `hs_v2_date_entered_current_stage`",
      ],
    });
  });

  it('describeStages(survey and time rules) names the survey property, the range and the stage waited on', () => {
    expect(described('fan')).toEqual({
      id: 'fan',
      label: 'Fan',
      holdsWhen: [
        'the last NPS answer (`hs_feedback_last_nps_rating_number`) is 9 to 10',
        'the last CSAT answer (`hs_feedback_last_csat_survey_rating`) is 4 or more',
        'the last CES answer (`hs_feedback_last_ces_survey_rating`) is 2 or less',
        'Buyer was entered 30 days ago or more',
        'gone was entered 7 days ago or more',
      ],
      enteredAt: [
        '`hs_feedback_last_survey_date`',
        '`hs_feedback_last_csat_survey_date`',
        '`hs_feedback_last_ces_survey_date`',
        'Buyer + 30 days',
        'gone + 7 days',
      ],
    });
  });
});
