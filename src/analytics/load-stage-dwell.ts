import type { Queryable } from '../store/db.ts';
import type { StageDwell } from './classify-health.ts';

/** The stored dwell quantiles of a portal's model, by stage (empty before the first computation). */
export async function loadStageDwell(
  db: Queryable,
  portalId: string,
  modelId: string,
): Promise<Map<string, StageDwell>> {
  const r = await db.query<{
    stage: string;
    p50_days: number | null;
    p75_days: number | null;
    p90_days: number | null;
    basis: number;
  }>('select stage, p50_days, p75_days, p90_days, basis from stage_dwell where portal_id = $1 and model_id = $2', [
    portalId,
    modelId,
  ]);
  const num = (v: number | null) => (v === null ? null : Number(v));
  return new Map(
    r.rows.map((row) => [
      row.stage,
      { p50: num(row.p50_days), p75: num(row.p75_days), p90: num(row.p90_days), basis: Number(row.basis) },
    ]),
  );
}
