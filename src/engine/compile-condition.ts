import { propertyValue, readProperty, type DealSnapshot } from './evidence.ts';
import type { DatedDeal, DealDate, DealFilter } from './deal-facts.ts';
import { dealStageOf } from './is-deal-won.ts';
import { parseHubSpotTime } from './parse-hubspot-time.ts';
import { SURVEY_PROPERTIES } from './satisfaction.ts';
import type { EvaluateRule, PickedDeal, RuleOutcome, Subject } from './rule-outcome.ts';
import type { Condition } from '@journey-stages/contract/stage-model';

const DAY = 86_400_000;

/**
 * Turns one rule of a stage model into a function of the evidence, once per model
 * (see compileModel), so a derivation does no interpretation of JSON.
 * Rules that select the same deals by the same date share one list per derivation:
 * `listSlot` numbers the lists by key (DealFacts keeps them by that number);
 * `ruleKey` names the list of a rule that shares it with no other.
 */
export function compileCondition(
  condition: Condition,
  stageIndex: ReadonlyMap<string, number>,
  listSlot: (key: string) => number,
  ruleKey: string,
): EvaluateRule {
  switch (condition.kind) {
    case 'contactExists':
      return contactRule(
        condition.dateProperty,
        () => true,
        () => condition.dateProperty,
        true,
      );
    case 'contactEquals':
    case 'contactOneOf': {
      const template = condition.dateProperty;
      const dateOf = new Map(
        (condition.kind === 'contactEquals' ? [condition.value] : condition.values).map(
          (value) => [value, template === undefined ? null : template.replaceAll('{value}', value)] as const,
        ),
      );
      return contactRule(
        condition.property,
        (v) => dateOf.has(v),
        (v) => dateOf.get(v) ?? null,
      );
    }
    case 'contactNumberAtLeast':
      return contactRule(
        condition.property,
        (v) => toNumber(v) >= condition.min,
        () => condition.dateProperty ?? null,
        false,
        condition.fallbackProperty,
      );
    case 'contactNumberAtMost':
      return contactRule(
        condition.property,
        (v) => toNumber(v) <= condition.max,
        () => condition.dateProperty ?? null,
        false,
        condition.fallbackProperty,
      );
    case 'contactIsSet':
      return contactRule(
        condition.property,
        () => true,
        () => condition.dateProperty ?? null,
      );
    case 'surveyAnswer': {
      const { rating, fallback, date } = SURVEY_PROPERTIES[condition.survey];
      const min = condition.min ?? -Infinity;
      const max = condition.max ?? Infinity;
      return contactRule(
        rating,
        (v) => toNumber(v) >= min && toNumber(v) <= max,
        () => date,
        false,
        fallback,
      );
    }
    case 'dealCount':
      return dealRule(listSlot(`all:${condition.dateProperty}`), condition.atLeast, null, condition.dateProperty);
    case 'wonDealCount':
      return dealRule(
        listSlot(`won:${condition.dateProperty}`),
        condition.atLeast,
        (facts, i) => facts.status(i).won,
        condition.dateProperty,
      );
    case 'anyOpenDeal':
      return dealRule(
        listSlot(`open:${condition.dateProperty}`),
        1,
        (facts, i) => !facts.status(i).closed,
        condition.dateProperty,
      );
    case 'dealInStage': {
      const stages = new Set(condition.stages);
      const inStage = (deal: DealSnapshot) =>
        propertyValue(deal.properties.pipeline) === condition.pipeline &&
        stages.has(propertyValue(deal.properties.dealstage) ?? '');
      return dealRule(
        listSlot(ruleKey),
        1,
        (facts, i) => inStage(facts.deals[i] as DealSnapshot),
        (deal) => condition.dateProperty.replaceAll('{stage}', propertyValue(deal.properties.dealstage) ?? ''),
        true,
      );
    }
    case 'dealProbabilityAtLeast':
      return dealRule(
        listSlot(`p${condition.probability}:${condition.dateProperty}`),
        1,
        (facts, i) => (facts.status(i).probability ?? -1) >= condition.probability,
        condition.dateProperty,
      );
    case 'timeSince':
      return timeSinceRule(stageIndex.get(condition.stage) ?? -1, Math.round(condition.days * DAY));
    default:
      return condition satisfies never;
  }
}

function contactRule(
  primary: string,
  accepts: (value: string) => boolean,
  dateOf: (value: string) => string | null,
  always = false,
  fallback?: string,
): EvaluateRule {
  return ({ contact }) => {
    const primaryValue = readProperty(contact.properties, primary);
    // The fallback is read only when the primary property is empty, never compared with it.
    const usePrimary = fallback === undefined || primaryValue !== null;
    const property = usePrimary ? primary : fallback;
    const value = usePrimary ? primaryValue : readProperty(contact.properties, property);
    if (value === null ? !always : !accepts(value)) return null;
    const dateProperty = value === null ? property : dateOf(value);
    // A rule dated by the property it tests (a "became a lead" date) has read it already.
    const dateValue =
      dateProperty === null ? null : dateProperty === property ? value : readProperty(contact.properties, dateProperty);
    const at = parseHubSpotTime(dateValue);
    const subject: Subject = { type: 'contact', property, value, dateProperty, dateValue, at };
    return { holds: true, at, subject };
  };
}

function dealRule(
  slot: number,
  atLeast: number,
  accepts: DealFilter | null,
  dateOf: DealDate,
  labelStage = false,
): EvaluateRule {
  return ({ facts }) => {
    if (facts.deals.length < atLeast) return null;
    const list = facts.matching(slot, accepts, dateOf);
    if (list.length < atLeast) return null;
    const deals = new Array<PickedDeal>(atLeast);
    for (let i = 0; i < atLeast; i++) {
      const { deal, at, dateProperty, dateValue } = list[i] as DatedDeal;
      const stageLabel = labelStage
        ? (dealStageOf(deal, facts.pipelines)?.label ?? propertyValue(deal.properties.dealstage))
        : null;
      deals[i] = {
        id: deal.id,
        name: propertyValue(deal.properties.dealname),
        stageLabel,
        dateProperty,
        dateValue,
        at,
      };
    }
    return { holds: true, at: deals[atLeast - 1]?.at ?? null, subject: { type: 'deals', deals } };
  };
}

function timeSinceRule(stage: number, after: number): EvaluateRule {
  return ({ stages, now }): RuleOutcome => {
    const since = stages[stage];
    if (!since) return null;
    if (since.holds && since.at !== null) {
      const at = since.at + after;
      return now >= at
        ? { holds: true, at, subject: { type: 'stage', stage, at: since.at } }
        : { holds: false, pendingAt: at };
    }
    return !since.holds && since.pendingAt !== null ? { holds: false, pendingAt: since.pendingAt + after } : null;
  };
}

function toNumber(value: string): number {
  const number = value.trim() === '' ? Number.NaN : Number(value);
  return Number.isFinite(number) ? number : Number.NaN;
}
