import type { Queryable } from '../store/db.ts';
import { readMovers, readStayLengths, replaceStageDwell, type StayLengthRow } from '../store/stage-dwell-store.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';
import { survivalTable, type StayGroup } from './kaplan-meier.ts';
import { MIN_BASIS, type StageDwell } from './classify-health.ts';

/**
 * Computes the health thresholds of every stage of the portal's model from its movers of the
 * last 365 days and stores them (quantiles null below MIN_BASIS movers), with the forecast's
 * survival curves and the run's mover count for the growth check (docs/health.md). Returns the
 * thresholds by stage.
 */
export async function computeStageDwell(
  db: Queryable,
  portalId: string,
  model: StageModel,
  now: Date,
): Promise<Map<string, StageDwell>> {
  const movers = await readMovers(db, portalId, model.id, now);
  const stays = await readStayLengths(db, portalId, model.id, now);
  const byStage = new Map(movers.map((r) => [r.stage, r]));
  const dwell = new Map<string, StageDwell>();
  for (const stage of model.stages) {
    const m = byStage.get(stage.id);
    const basis = m?.n ?? 0;
    dwell.set(
      stage.id,
      m && basis >= MIN_BASIS
        ? { p50: Number(m.q0), p75: Number(m.q1), p90: Number(m.q2), basis }
        : { p50: null, p75: null, p90: null, basis },
    );
  }
  const rows = [...dwell].map(([stage, d]) => ({ stage, p50: d.p50, p75: d.p75, p90: d.p90, basis: d.basis }));
  await replaceStageDwell(db, portalId, model.id, {
    dwell: rows,
    survival: survivalRows(model, stays),
    movers: rows.reduce((n, row) => n + row.basis, 0),
    now,
  });
  return dwell;
}

/** The forecast curves: one row per stage and distinct stay length. */
function survivalRows(model: StageModel, stays: readonly StayLengthRow[]) {
  const groups = new Map<string, StayGroup[]>();
  for (const row of stays) {
    const list = groups.get(row.stage) ?? [];
    list.push({ days: Math.max(0, Number(row.days)), ended: row.ended, ongoing: row.ongoing });
    groups.set(row.stage, list);
  }
  return model.stages.flatMap((stage) =>
    survivalTable(groups.get(stage.id) ?? []).map((r) => ({ stage: stage.id, ...r })),
  );
}
