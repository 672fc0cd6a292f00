import type { Cohort } from '@journey-stages/contract/analytics-schema';

/**
 * "10% · 18% · 22%": the share of a cohort reaching a stage within 30, 60 and 90 days; "–" for a
 * stage not in the answer, and for a share the service leaves null (an empty cohort).
 */
export function cohortCell(cohort: Cohort, stage: string): string {
  const r = cohort.reached[stage];
  if (!r) return '–';
  return [r['30'], r['60'], r['90']].map((share) => (share === null ? '–' : `${Math.round(share * 100)}%`)).join(' · ');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Sep 2026" from "2026-09-01" (the service's months are UTC; no locale data, so every browser agrees). */
export function cohortMonth(start: string): string {
  const match = /^(\d{4})-(\d{2})/.exec(start);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  return match && month ? `${month} ${match[1]}` : start;
}
