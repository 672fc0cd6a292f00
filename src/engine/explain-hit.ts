import { formatDay } from './format-day.ts';
import type { EvidenceRef } from '@journey-stages/contract/journey';
import type { PickedDeal, Subject } from './rule-outcome.ts';
import { SURVEY_PROPERTIES } from './satisfaction.ts';
import type { Condition } from '@journey-stages/contract/stage-model';

export type Explanation = { reason: string; evidence: EvidenceRef[] };

export type ExplainContext = {
  contactId: string;
  stageLabel: (index: number) => string;
  /** The explanation of another stage, for rules that count from its entry. */
  explainStage: (index: number) => Explanation;
};

/**
 * The human reason a rule holds ("First deal won: ACME renewal, 2 Mar 2026",
 * "Lifecycle stage set to Customer on 2 Mar 2026", "NPS answer 9 on 4 Apr 2026")
 * and the evidence it read. Dates are days in UTC.
 */
export function explainHit(condition: Condition, subject: Subject, context: ExplainContext): Explanation {
  if (subject.type === 'stage') {
    const days = condition.kind === 'timeSince' ? condition.days : 0;
    const reason = `${condition.label ?? `${days} days since ${context.stageLabel(subject.stage)}`} (${formatDay(subject.at)})`;
    return { reason, evidence: context.explainStage(subject.stage).evidence };
  }
  if (subject.type === 'contact') {
    const read: EvidenceRef = {
      object: 'contact',
      id: context.contactId,
      property: subject.property,
      value: subject.value,
    };
    const evidence: EvidenceRef[] =
      subject.dateProperty !== null && subject.dateProperty !== subject.property
        ? [read, { object: 'contact', id: context.contactId, property: subject.dateProperty, value: subject.dateValue }]
        : [read];
    return {
      reason: `${contactPhrase(condition, subject.value)}${subject.at === null ? '' : ` on ${formatDay(subject.at)}`}`,
      evidence,
    };
  }
  const evidence: EvidenceRef[] = subject.deals.map(({ id, dateProperty, dateValue }) => ({
    object: 'deal',
    id,
    property: dateProperty,
    value: dateValue,
  }));
  const last = subject.deals[subject.deals.length - 1];
  const name = last ? (last.name ?? `deal ${last.id}`) : 'deal';
  const at = last?.at ?? null;
  return {
    reason: `${condition.label ?? dealPhrase(condition, last)}: ${name}${at === null ? '' : `, ${formatDay(at)}`}`,
    evidence,
  };
}

function contactPhrase(condition: Condition, value: string | null): string {
  switch (condition.kind) {
    case 'contactExists':
      return condition.label ?? 'Contact created';
    case 'contactEquals':
    case 'contactOneOf':
      return `${condition.label ?? condition.property} set to ${condition.valueLabels?.[value ?? ''] ?? value}`;
    case 'contactNumberAtLeast':
    case 'contactNumberAtMost':
      return `${condition.label ?? condition.property} ${value}`;
    case 'contactIsSet':
      return condition.label ?? `${condition.property} set`;
    case 'surveyAnswer':
      return `${condition.label ?? SURVEY_PROPERTIES[condition.survey].label} ${value}`;
    default:
      return condition.label ?? condition.kind;
  }
}

const ordinals = ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth', 'Ninth', 'Tenth'];
const ordinal = (n: number) => ordinals[n - 1] ?? `${n}th`;

function dealPhrase(condition: Condition, deal: PickedDeal | undefined): string {
  switch (condition.kind) {
    case 'dealCount':
      return `${ordinal(condition.atLeast)} deal created`;
    case 'wonDealCount':
      return `${ordinal(condition.atLeast)} deal won`;
    case 'anyOpenDeal':
      return 'Open deal';
    case 'dealInStage':
      return `Deal in ${deal?.stageLabel ?? 'stage'}`;
    case 'dealProbabilityAtLeast':
      return `Deal at ${Math.round(condition.probability * 100)}% or more`;
    default:
      return condition.kind;
  }
}
