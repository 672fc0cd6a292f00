import { SURVEY_PROPERTIES } from './satisfaction.ts';
import type { Condition, StageModel } from '@journey-stages/contract/stage-model';

export type StageDescription = { id: string; label: string; holdsWhen: string[]; enteredAt: string[] };

/** Each stage's rules in plain words (what makes it hold, what dates it), for the settings page and src/engine/presets/README-rules.md. */
export function describeStages(model: StageModel): StageDescription[] {
  const labelOf = (id: string) => model.stages.find((stage) => stage.id === id)?.label ?? id;
  return model.stages.map((stage) => ({
    id: stage.id,
    label: stage.label,
    holdsWhen: stage.holdsWhen.map((rule) => holds(rule, labelOf) + requires(rule, labelOf)),
    enteredAt: stage.holdsWhen.map((rule) => dates(rule, labelOf)),
  }));
}

/** A markdown table (stage | holds when any of | entered at) of the model, for src/engine/presets/README-rules.md. */
export function rulesTable(model: StageModel): string {
  const rows = describeStages(model).map(
    (stage) => `| ${stage.id} | ${stage.holdsWhen.join('; or ')} | ${stage.enteredAt.join('; ')} |`,
  );
  return [
    `### \`${model.id}\`: ${model.label}`,
    '',
    '| stage | holds when any of | entered at (the earliest of the holding reasons) |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

const code = (name: string) => `\`${name}\``;
const count = (n: number, what: string) => (n === 1 ? `at least one ${what}` : `at least ${n} ${what}s`);
const nth = (n: number) => (n === 1 ? 'first' : n === 2 ? 'second' : n === 3 ? 'third' : `${n}th`);

function holds(rule: Condition, labelOf: (id: string) => string): string {
  switch (rule.kind) {
    case 'contactExists':
      return 'the contact exists';
    case 'contactEquals':
      return `${code(rule.property)} is ${rule.value}`;
    case 'contactOneOf':
      return `${code(rule.property)} is ${rule.values.join(', ')}`;
    case 'contactNumberAtLeast':
      return `${numberProperty(rule)} is ${rule.min} or more`;
    case 'contactNumberAtMost':
      return `${numberProperty(rule)} is ${rule.max} or less`;
    case 'surveyAnswer':
      return `the last ${rule.survey.toUpperCase()} answer (${code(SURVEY_PROPERTIES[rule.survey].rating)}) is ${range(rule.min, rule.max)}`;
    case 'contactIsSet':
      return `${code(rule.property)} is set${rule.label ? ` (${rule.label.toLowerCase()})` : ''}`;
    case 'dealCount':
      return `the contact has ${count(rule.atLeast, 'deal')}`;
    case 'wonDealCount':
      return count(rule.atLeast, 'won deal');
    case 'anyOpenDeal':
      return 'an open deal';
    case 'dealInStage':
      return `a deal in pipeline ${code(rule.pipeline)}, stage ${rule.stages.map(code).join(' or ')}`;
    case 'dealProbabilityAtLeast':
      return `a deal at ${Math.round(rule.probability * 100)}% probability or more (pipeline stage metadata)`;
    case 'timeSince':
      return `${labelOf(rule.stage)} was entered ${rule.days} days ago or more`;
    default:
      return rule satisfies never;
  }
}

const range = (min: number | undefined, max: number | undefined) =>
  min !== undefined && max !== undefined ? `${min} to ${max}` : min !== undefined ? `${min} or more` : `${max} or less`;

function numberProperty(rule: Extract<Condition, { kind: 'contactNumberAtLeast' | 'contactNumberAtMost' }>): string {
  return rule.fallbackProperty
    ? `${code(rule.property)} (or, when empty, ${code(rule.fallbackProperty)})`
    : code(rule.property);
}

function requires(rule: Condition, labelOf: (id: string) => string): string {
  return rule.requires?.length ? `, once ${rule.requires.map(labelOf).join(' and ')} holds` : '';
}

function dates(rule: Condition, labelOf: (id: string) => string): string {
  const text = ((): string => {
    switch (rule.kind) {
      case 'contactExists':
        return code(rule.dateProperty);
      case 'contactEquals':
      case 'contactOneOf':
        if (!rule.dateProperty) return 'when observed';
        return rule.dateProperty.includes('{value}')
          ? `the matching ${code(rule.dateProperty.replaceAll('{value}', '<value>'))}`
          : code(rule.dateProperty);
      case 'contactNumberAtLeast':
      case 'contactNumberAtMost':
      case 'contactIsSet':
        return rule.dateProperty ? code(rule.dateProperty) : 'when observed';
      case 'surveyAnswer':
        return code(SURVEY_PROPERTIES[rule.survey].date);
      case 'dealCount':
        return `the ${nth(rule.atLeast)} deal's ${code(rule.dateProperty)}`;
      case 'wonDealCount':
        return `the ${nth(rule.atLeast)} won deal's ${code(rule.dateProperty)}`;
      case 'anyOpenDeal':
        return `the first open deal's ${code(rule.dateProperty)}`;
      case 'dealInStage':
        return `the first such deal's ${code(rule.dateProperty.replaceAll('{stage}', '<stage>'))}`;
      case 'dealProbabilityAtLeast':
        return `the first such deal's ${code(rule.dateProperty)}`;
      case 'timeSince':
        return `${labelOf(rule.stage)} + ${rule.days} days`;
      default:
        return rule satisfies never;
    }
  })();
  return rule.requires?.length ? `${text} (not before ${rule.requires.map(labelOf).join(', ')})` : text;
}
