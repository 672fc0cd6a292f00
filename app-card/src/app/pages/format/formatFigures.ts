/** "41%"; "–" where the service has no figure (the last stage, or nobody entered). */
export function formatPercent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)}%`;
}

/** "12.5 days", "1 day"; "–" where no stay ended in the period. */
export function formatDays(days: number | null): string {
  if (days === null) return '–';
  return days === 1 ? '1 day' : `${days} days`;
}

/** "1,234": the same grouping in every browser. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** "18 / 30.5 / 55 days"; "–" for a quantile the estimator cannot give yet. */
export function formatPercentiles(
  p50: number | null | undefined,
  p75: number | null | undefined,
  p90: number | null | undefined,
): string {
  const all = [p50, p75, p90];
  if (all.every((d) => d === null || d === undefined)) return '–';
  return `${all.map((d) => (d === null || d === undefined ? '–' : String(d))).join(' / ')} days`;
}
