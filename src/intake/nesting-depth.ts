/**
 * Whether a parsed JSON value nests more than `max` levels of arrays and objects (a scalar is
 * level 0, `[]` and `{}` level 1). Iterative on purpose: JSON.parse takes a million levels in
 * a 1 MiB body, and a recursive walk (like JSON.stringify) overflows the stack long before.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > max) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return false;
}
