import type { Queryable } from '../../store/db.ts';
import { type CohortRow, readCohortRows } from '../../store/cohort-rows.ts';
import type { FunnelModel } from '../funnel/compute-funnel.ts';
import type { Cohort } from '@journey-stages/contract/analytics-schema';

export const WINDOWS = [30, 60, 90] as const;

export type CohortsOptions = { portalId: string; model: FunnelModel; from: Date; to: Date };

/**
 * Contacts grouped by the UTC month of their first stage entry (docs/api.md), one row per
 * month that overlaps [from, to), empty months included; for every stage after the model's
 * first, the share of the cohort that reached it or a later stage (skips count) within 30,
 * 60 and 90 days. Shares are over the whole cohort: a young cohort's 90-day share can still grow.
 *
 * @example
 * const cohorts = await computeCohorts(db, { portalId: '62515', model, from, to });
 */
export async function computeCohorts(db: Queryable, options: CohortsOptions): Promise<Cohort[]> {
  const { portalId, model, from, to } = options;
  const rows = await readCohortRows(db, portalId, model.id, from, to);
  const order = new Map(model.stages.map((s, i) => [s.id, i]));
  const later = model.stages.slice(1).map((s, i) => ({ id: s.id, idx: i + 1 }));
  return months(from, to).map((start) => {
    const mine = rows.filter((r) => r.start === start).map((r) => ({ n: r.n, furthest: furthestWithin(r, order) }));
    const size = mine.reduce((n, r) => n + r.n, 0);
    const share = (idx: number, w: number) =>
      size === 0
        ? null
        : Math.round((mine.reduce((n, r) => n + (r.furthest[w]! >= idx ? r.n : 0), 0) / size) * 1e4) / 1e4;
    const reached = Object.fromEntries(
      later.map(({ id, idx }) => [id, { '30': share(idx, 0), '60': share(idx, 1), '90': share(idx, 2) }]),
    );
    return { start, size, reached };
  });
}

/** For each window (30, 60, 90 days): the furthest stage (model index; -1 none) first entered within it. */
function furthestWithin(row: CohortRow, order: ReadonlyMap<string, number>): number[] {
  return WINDOWS.map((days) =>
    row.stages.reduce((furthest, stage, i) => {
      const w = row.windows[i]!;
      const idx = order.get(stage);
      return w !== 0 && w <= days && idx !== undefined && idx > furthest ? idx : furthest;
    }, -1),
  );
}

/** The first days (YYYY-MM-DD) of the UTC months that overlap [from, to). */
export function months(from: Date, to: Date): string[] {
  const out: string[] = [];
  for (let m = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1); m < to.getTime(); ) {
    const d = new Date(m);
    out.push(d.toISOString().slice(0, 10));
    m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return out;
}
