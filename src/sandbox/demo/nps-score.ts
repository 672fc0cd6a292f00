/** An NPS answer: mostly promoters (9–10), some passives (7–8), some detractors (0–6), a typical B2B spread. */
export function npsScore(random: () => number): number {
  const r = random();
  if (r < 0.6) return 9 + Math.floor(random() * 2);
  if (r < 0.8) return 7 + Math.floor(random() * 2);
  return Math.floor(random() * 7);
}
