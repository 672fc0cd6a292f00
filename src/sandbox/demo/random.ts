/** mulberry32: a small seeded PRNG, so a seed always gives the same demo portal. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
export const between = (random: () => number, min: number, max: number) => min + random() * (max - min);

/** One of the values, each as likely as its weight (the weights sum to 1); the first when rounding leaves some over. */
export function pickWeighted<T>(random: () => number, weights: ReadonlyArray<readonly [T, number]>): T {
  let r = random();
  for (const [value, weight] of weights) {
    if (r < weight) return value;
    r -= weight;
  }
  return weights[0]![0];
}
