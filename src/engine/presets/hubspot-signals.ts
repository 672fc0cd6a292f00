import type { StageModelInput } from '@journey-stages/contract/stage-model';

type Rule = StageModelInput['stages'][number]['holdsWhen'][number];

/** Labels of HubSpot's default lifecycle stages, for reasons ("Lifecycle stage set to Customer"). */
export const lifecycleStageLabels: Record<string, string> = {
  subscriber: 'Subscriber',
  lead: 'Lead',
  marketingqualifiedlead: 'Marketing Qualified Lead',
  salesqualifiedlead: 'Sales Qualified Lead',
  opportunity: 'Opportunity',
  customer: 'Customer',
  evangelist: 'Evangelist',
  other: 'Other',
};

/**
 * "Became a <stage> date" (`hs_lifecyclestage_<stage>_date`): set when the lifecycle stage
 * reaches that value and kept as HubSpot moves the stage forward (its automatic updates only
 * move forward), so the step still shows after the contact has passed it, where
 * `lifecyclestage` itself only shows the latest. Source: knowledge.hubspot.com/contacts/use-lifecycle-stages.
 */
export function becameLifecycleStage(stage: string): Rule {
  const property = `hs_lifecyclestage_${stage}_date`;
  return {
    kind: 'contactIsSet',
    property,
    dateProperty: property,
    label: `Became ${article(stage)}${lifecycleStageLabels[stage] ?? stage}`,
  };
}

const article = (stage: string) => (/^[aeiou]/.test(stage) ? 'an ' : 'a ');

/**
 * A promoter: NPS answer of 9 or 10 (the 0–10 scale), once the contact has bought. HubSpot
 * keeps the answer as a number (`hs_feedback_last_nps_rating_number`, "Latest NPS survey
 * rating") beside the older enumeration `hs_feedback_last_nps_rating`: the number when
 * present, the enumeration otherwise (HubSpot's contact property list).
 */
export function npsPromoterAfter(stage: string): Rule {
  return {
    kind: 'contactNumberAtLeast',
    property: 'hs_feedback_last_nps_rating_number',
    fallbackProperty: 'hs_feedback_last_nps_rating',
    min: 9,
    dateProperty: 'hs_feedback_last_survey_date',
    requires: [stage],
    label: 'NPS answer',
  };
}

export const wonDeal = (atLeast: number): Rule => ({ kind: 'wonDealCount', atLeast, dateProperty: 'closedate' });
export const anyDeal: Rule = { kind: 'dealCount', atLeast: 1, dateProperty: 'createdate' };
export const contactCreated: Rule = { kind: 'contactExists', dateProperty: 'createdate' };
export const formSubmitted: Rule = {
  kind: 'contactIsSet',
  property: 'first_conversion_date',
  dateProperty: 'first_conversion_date',
  label: 'First form submission',
};
export const emailClicked: Rule = {
  kind: 'contactIsSet',
  property: 'hs_email_first_click_date',
  dateProperty: 'hs_email_first_click_date',
  label: 'First marketing email click',
};
