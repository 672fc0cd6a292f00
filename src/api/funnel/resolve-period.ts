import { parseInstant as parseEdgeInstant } from '@journey-stages/contract/edge-input';

export const DEFAULT_PERIOD_DAYS = 90;
const DAY_MS = 86_400_000;

export type Period = { from: Date; to: Date };
export type PeriodResult = { success: true; data: Period } | { success: false; errors: string[] };

/**
 * The funnel's half-open period [from, to) from the query. By default the last 90 days
 * ending today: `to` is the next UTC midnight, so today counts. Only `to` given: the 90
 * days before it. Only `from` given: from then until the default `to`.
 *
 * @example
 * resolvePeriod({ from: '2026-08-24', to: '2026-11-22' }, now) // { success: true, data: { from, to } }
 */
export function resolvePeriod(query: { from?: string | undefined; to?: string | undefined }, now: Date): PeriodResult {
  const errors: string[] = [];
  const from = query.from === undefined ? undefined : parseInstant('from', query.from, errors);
  const to = query.to === undefined ? undefined : parseInstant('to', query.to, errors);
  if (errors.length > 0) return { success: false, errors };
  const end = to ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const start = from ?? new Date(end.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  if (start.getTime() > end.getTime())
    return {
      success: false,
      errors: [`from (${start.toISOString()}) is after to (${end.toISOString()}): the period is [from, to)`],
    };
  return { success: true, data: { from: start, to: end } };
}

// A calendar day means its UTC midnight; a date-time may carry an offset (the portal's time zone).
function parseInstant(name: string, value: string, errors: string[]): Date | undefined {
  const parsed = parseEdgeInstant(value);
  if (parsed.success) return parsed.data;
  errors.push(`${name}: ${parsed.error}`);
  return undefined;
}
