import type { Funnel } from '@journey-stages/contract/funnel-schema';
import type { Words } from '@journey-stages/contract/words';
import { formatPercent } from './formatFigures.ts';
import { stageLabel } from '@journey-stages/extension-kit/stage-label';

export interface DropOff {
  stage: string;
  label: string;
  conversionToNext: number;
  sentence: string;
}

/**
 * Where contacts stop: of the stages that contacts entered in the period and that have a
 * next stage, the one whose share moving on is lowest (the earlier stage on a tie).
 * Null when no stage qualifies (an empty period, or only the last stage entered).
 */
export function dropOff(funnel: Funnel, words: Words): DropOff | null {
  let worst: { stage: string; conversionToNext: number } | null = null;
  for (const { stage, entered, conversionToNext } of funnel.stages) {
    if (entered === 0 || conversionToNext === null) continue;
    if (worst === null || conversionToNext < worst.conversionToNext) worst = { stage, conversionToNext };
  }
  if (worst === null) return null;
  const label = stageLabel(funnel.model, worst.stage);
  return {
    ...worst,
    label,
    sentence: words.t('home.dropOff', { stage: label, percent: formatPercent(worst.conversionToNext, words) }),
  };
}
