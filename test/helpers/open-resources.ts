/**
 * What test helpers opened and not yet closed: servers, services (with their workers) and
 * database connections. The setup file test/setup/no-leaks.ts fails the test (or the file)
 * that leaves one open, so a forgotten stop() cannot hold the process or the next test's port.
 */
type Entry = { kind: string; label: string; openedInTest: boolean };

const open = new Map<symbol, Entry>();
let inTest = false;

/** Registers an open resource; call the returned function when it is closed. */
export function trackOpen(kind: string, label: string): () => void {
  const key = Symbol(label);
  open.set(key, { kind, label, openedInTest: inTest });
  return () => {
    open.delete(key);
  };
}

/** For the setup file: tests open resources between beforeEach and afterEach; hooks of the file outside. */
export function markInTest(value: boolean): void {
  inTest = value;
}

/** The resources still open: those opened by the test itself, or all of them (end of file). */
export function stillOpen(scope: 'test' | 'file'): Entry[] {
  return [...open.values()].filter((entry) => scope === 'file' || entry.openedInTest);
}

/** Forgets what is listed (after reporting it), so one leak is reported once. */
export function forget(scope: 'test' | 'file'): void {
  for (const [key, entry] of open) if (scope === 'file' || entry.openedInTest) open.delete(key);
}
