/**
 * Polls `predicate` until it returns a truthy value (which is returned) or the timeout
 * passes (which throws with `what` and the last value seen). For waiting on the thing
 * itself (rows, calls, an empty queue) instead of sleeping a fixed time.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  options: { timeout?: number; interval?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const timeout = options.timeout ?? 45_000;
  const interval = options.interval ?? 25;
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await predicate();
      error = undefined;
      if (last) return last as NonNullable<T>;
    } catch (err) {
      error = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `[waitFor] ${options.what ?? 'condition'} not met within ${timeout} ms (last: ${error ? String(error) : JSON.stringify(last)})`,
      );
    await new Promise<void>((resolve) => setTimeout(resolve, interval).unref());
  }
}
