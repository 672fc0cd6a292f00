import type { Cohort } from '@journey-stages/contract/analytics-schema';
import type { Words } from '@journey-stages/contract/words';

/**
 * "10% · 18% · 22%": the share of a cohort reaching a stage within 30, 60 and 90 days; "–" for a
 * stage not in the answer, and for a share the service leaves null (an empty cohort).
 */
export function cohortCell(cohort: Cohort, stage: string, words: Words): string {
  const r = cohort.reached[stage];
  if (!r) return '–';
  return [r['30'], r['60'], r['90']].map((share) => (share === null ? '–' : words.percent(share))).join(' · ');
}
