/**
 * Concurrent calls with the same key share one run: ten reps opening the same never-seen
 * contact at once cause one HubSpot read and one write, not ten. Across
 * processes the derivation lock (store/lock-contacts.ts) keeps the stored journey whole.
 */
export function singleFlight<T>(): (key: string, run: () => Promise<T>) => Promise<T> {
  const running = new Map<string, Promise<T>>();
  return (key, run) => {
    const current = running.get(key);
    if (current) return current;
    const started = run().finally(() => running.delete(key));
    running.set(key, started);
    return started;
  };
}
