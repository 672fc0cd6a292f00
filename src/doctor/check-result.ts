/** One line of `npm run doctor`: what was checked, whether it holds, and if not, how to fix it. */
export type CheckStatus = 'ok' | 'fail' | 'skip';
export type CheckResult = { check: string; status: CheckStatus; detail: string };

export const ok = (check: string, detail: string): CheckResult => ({ check, status: 'ok', detail });
export const fail = (check: string, detail: string): CheckResult => ({ check, status: 'fail', detail });
export const skip = (check: string, detail: string): CheckResult => ({ check, status: 'skip', detail });

/** The checks, in the order they run and print; a check that cannot run says why instead. */
export const CHECKS = [
  'settings',
  'database',
  'hubspot',
  'scopes',
  'refreshes',
  'properties',
  'writes',
  'profile',
  'previews',
] as const;
export type CheckName = (typeof CHECKS)[number];
