import { describe, expect, it } from 'vitest';
import { deriveStages } from '../../../src/engine/derive-stages.ts';
import { StageModel, type StageModelInput } from '@journey-stages/contract/stage-model';
import { NOW, contact, evidence, openDeal, wonDeal } from './evidence-builders.ts';

/* The reason shown beside each stage a contact holds (the card's "why"), for rules without a label of their own. */
const rule = (id: string, holdsWhen: StageModelInput['stages'][number]['holdsWhen']) => ({ id, label: id, holdsWhen });
const model = StageModel.parse({
  id: 'reasons',
  label: 'Reasons',
  stages: [
    rule('exists', [{ kind: 'contactExists' }]),
    rule('equals', [
      {
        kind: 'contactEquals',
        property: 'lifecyclestage',
        value: 'customer',
        valueLabels: { customer: 'Customer' },
        dateProperty: 'hs_v2_date_entered_{value}',
      },
    ]),
    rule('one_of', [{ kind: 'contactOneOf', property: 'hs_lead_status', values: ['OPEN'] }]),
    rule('at_least', [{ kind: 'contactNumberAtLeast', property: 'visits', min: 3 }]),
    rule('at_most', [{ kind: 'contactNumberAtMost', property: 'risk', max: 2 }]),
    rule('is_set', [{ kind: 'contactIsSet', property: 'phone' }]),
    rule('survey', [{ kind: 'surveyAnswer', survey: 'csat', min: 4 }]),
    rule('deals', [{ kind: 'dealCount', atLeast: 2 }]),
    rule('won', [{ kind: 'wonDealCount', atLeast: 1 }]),
    rule('open', [{ kind: 'anyOpenDeal' }]),
    rule('in_stage', [{ kind: 'dealInStage', pipeline: 'default', stages: ['contractsent'] }]),
    rule('likely', [{ kind: 'dealProbabilityAtLeast', probability: 0.85 }]),
    rule('later', [{ kind: 'timeSince', stage: 'won', days: 10 }]),
  ],
});

const e = evidence(
  contact({
    lifecyclestage: 'customer',
    hs_v2_date_entered_customer: '2026-03-02T08:00:00.000Z',
    hs_lead_status: 'OPEN',
    visits: '4',
    risk: '1',
    phone: '+33 1 23 45 67 89',
    hs_feedback_last_csat_survey_rating: '5',
    hs_feedback_last_csat_survey_date: '2026-04-04T10:00:00.000Z',
  }),
  [
    wonDeal('7', '2026-03-10T00:00:00.000Z', { dealname: 'ACME renewal', createdate: '2026-02-03T00:00:00.000Z' }),
    openDeal('8', {
      dealname: null,
      dealstage: 'contractsent',
      createdate: '2026-02-20T00:00:00.000Z',
      hs_v2_date_entered_contractsent: '2026-02-25T00:00:00.000Z',
      hs_v2_date_entered_current_stage: '2026-02-25T00:00:00.000Z',
    }),
  ],
);

describe('deriveStages: the reason of each rule kind', () => {
  it('deriveStages(a rule of every kind holding) explains each by what it read and the day it dates from', () => {
    const reasons = Object.fromEntries(deriveStages(model, e, NOW).holding.map((h) => [h.stage, h.reason]));
    expect(reasons).toEqual({
      exists: 'Contact created on 5 Jan 2026',
      equals: 'lifecyclestage set to Customer on 2 Mar 2026',
      one_of: 'hs_lead_status set to OPEN',
      at_least: 'visits 4',
      at_most: 'risk 1',
      is_set: 'phone set',
      survey: 'CSAT answer 5 on 4 Apr 2026',
      deals: 'Second deal created: deal 8, 20 Feb 2026',
      won: 'First deal won: ACME renewal, 10 Mar 2026',
      open: 'Open deal: deal 8, 20 Feb 2026',
      in_stage: 'Deal in Contract Sent: deal 8, 25 Feb 2026',
      likely: 'Deal at 85% or more: deal 8, 25 Feb 2026',
      later: '10 days since won (10 Mar 2026)',
    });
  });
});
