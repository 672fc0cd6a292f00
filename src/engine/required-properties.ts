import { satisfactionProperties } from './satisfaction.ts';
import type { Condition, StageModel } from '@journey-stages/contract/stage-model';
import { SEGMENT_PROPERTIES } from '@journey-stages/contract/funnel-schema';

/** Deal properties the engine always reads: name for reasons, won/closed status, dates, dedupe. */
const baseDealProperties = [
  'dealname',
  'pipeline',
  'dealstage',
  'hs_is_closed_won',
  'hs_is_closed',
  'hs_deal_stage_probability',
  'closedate',
  'createdate',
  'hs_lastmodifieddate',
  'amount',
];

/**
 * Contact enumerations a manager splits the funnel by (docs/api.md `segment`): read with
 * the evidence so every contact's segment is stored. Not personal data (ids and codes).
 */
export const segmentProperties: readonly string[] = SEGMENT_PROPERTIES.map((p) => p.name).sort();

/**
 * The contact properties the model reads, the survey answers every journey shows
 * (docs/api.md `satisfaction`, which survey rules read too) and the segment properties,
 * sorted, so the sync asks HubSpot for exactly these.
 */
export function requiredContactProperties(model: StageModel): string[] {
  const names = new Set<string>([...satisfactionProperties, ...segmentProperties]);
  for (const rule of rules(model)) {
    switch (rule.kind) {
      case 'contactExists':
        names.add(rule.dateProperty);
        break;
      case 'contactEquals':
      case 'contactOneOf': {
        names.add(rule.property);
        const values = rule.kind === 'contactEquals' ? [rule.value] : rule.values;
        for (const value of values) if (rule.dateProperty) names.add(rule.dateProperty.replaceAll('{value}', value));
        break;
      }
      case 'contactNumberAtLeast':
      case 'contactNumberAtMost':
        if (rule.fallbackProperty) names.add(rule.fallbackProperty);
        names.add(rule.property);
        if (rule.dateProperty) names.add(rule.dateProperty);
        break;
      case 'surveyAnswer':
        break;
      case 'contactIsSet':
        names.add(rule.property);
        if (rule.dateProperty) names.add(rule.dateProperty);
        break;
      default:
        break;
    }
  }
  return [...names].sort();
}

/** The deal properties the model reads (always the base set), sorted. */
export function requiredDealProperties(model: StageModel): string[] {
  const names = new Set(baseDealProperties);
  for (const rule of rules(model)) {
    if (rule.kind === 'dealInStage')
      for (const stage of rule.stages) names.add(rule.dateProperty.replaceAll('{stage}', stage));
    else if (
      rule.kind === 'dealCount' ||
      rule.kind === 'wonDealCount' ||
      rule.kind === 'anyOpenDeal' ||
      rule.kind === 'dealProbabilityAtLeast'
    ) {
      names.add(rule.dateProperty);
    }
  }
  return [...names].sort();
}

function rules(model: StageModel): Condition[] {
  return model.stages.flatMap((stage) => stage.holdsWhen);
}

/**
 * Contact properties the sync may read per contact. Every read of a contact asks HubSpot for
 * all of them (batch read, query string and answer grow with each), and date properties a rule
 * derives from its values ("hs_lifecyclestage_{value}_date") multiply fast.
 */
export const MAX_CONTACT_PROPERTIES = 200;

/**
 * The error of a model that reads more than MAX_CONTACT_PROPERTIES contact properties, naming
 * the first stage whose rules cross the bound; empty when within it.
 */
export function contactPropertyBudgetErrors(model: StageModel): string[] {
  if (requiredContactProperties(model).length <= MAX_CONTACT_PROPERTIES) return [];
  for (let s = 0; s < model.stages.length; s++) {
    const read = requiredContactProperties({ ...model, stages: model.stages.slice(0, s + 1) }).length;
    if (read > MAX_CONTACT_PROPERTIES)
      return [
        `stages[${s}] "${model.stages[s]?.id}".holdsWhen: the model reads ${read} contact properties up to this stage; at most ${MAX_CONTACT_PROPERTIES}`,
      ];
  }
  return [];
}
