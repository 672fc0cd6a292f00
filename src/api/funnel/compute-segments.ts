import type { FunnelReader } from '../../store/funnel-rows.ts';
import type { Funnel } from '@journey-stages/contract/funnel-schema';
import { computeFunnelBySegment, type ComputeFunnelOptions } from './compute-funnel.ts';

/** At most this many values get a funnel of their own (the most frequent ones). */
export const MAX_SEGMENTS = 20;

/**
 * The funnel of each value of a contact property (docs/api.md, `?segment=PROPERTY`), one
 * query for all values. Each stay counts in the value the contact had when it began (
 * dated values of migration 0019, kept by the sync for the segment properties it reads); a
 * property the sync does not read shows every contact under '' (no value). Values: those some
 * contact is counted in, most current contacts first, at most MAX_SEGMENTS.
 * Labels: the stored label (`labels`: the property's options, owners' names from the owners
 * API), else the value itself (an owner id without the owners scope, a value removed from the
 * options); '' (no value) is labelled "(no value)".
 *
 * @example
 * const segments = await computeSegments(db, { portalId, model, from, to, now }, 'lifecyclestage');
 */
export async function computeSegments(
  db: FunnelReader,
  options: ComputeFunnelOptions,
  property: string,
  labels: ReadonlyMap<string, string> = new Map(),
): Promise<NonNullable<Funnel['segments']>> {
  const bySegment = await computeFunnelBySegment(db, options, property);
  const current = (value: string) => (bySegment.get(value) ?? []).reduce((n, s) => n + s.current, 0);
  return [...bySegment.keys()]
    .sort((a, b) => current(b) - current(a) || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_SEGMENTS)
    .map((value) => ({
      value,
      label: value === '' ? '(no value)' : (labels.get(value) ?? value),
      stages: bySegment.get(value)!,
    }));
}
