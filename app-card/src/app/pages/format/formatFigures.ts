import type { Words } from '@journey-stages/contract/words';

/** "41%", "41 %"; "–" where the service has no figure (the last stage, or nobody entered). */
export function formatPercent(share: number | null, words: Words): string {
  return share === null ? '–' : words.percent(share);
}

/** "12.5 days", "1 Tag", "12,5 jours"; "–" where no stay ended in the period. */
export function formatDays(days: number | null, words: Words): string {
  return days === null ? '–' : words.count('unit.days', days);
}

/** "1,234", "1.234", "1 234": whole numbers grouped as the user's locale does. */
export function formatCount(count: number, words: Words): string {
  return words.number(count, 0);
}

/** "18 / 30.5 / 55 days"; "–" for a quantile the estimator cannot give yet. */
export function formatPercentiles(
  p50: number | null | undefined,
  p75: number | null | undefined,
  p90: number | null | undefined,
  words: Words,
): string {
  const all = [p50, p75, p90];
  if (all.every((d) => d === null || d === undefined)) return '–';
  const figures = all.map((d) => (d === null || d === undefined ? '–' : words.number(d))).join(' / ');
  return words.t('unit.days.other', { count: figures });
}
