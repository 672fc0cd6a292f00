import type { Queryable } from '../store/db.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';
import { kaplanMeierQuantiles, type StayGroup } from './kaplan-meier.ts';
import { MIN_BASIS, type StageDwell } from './classify-health.ts';

/**
 * Per stage of the model: the stays that began in the last 365 days, grouped in SQL by
 * length rounded to the hour. A stay is a timeline entry; it ended at left_at, and one
 * without left_at is ongoing (censored at `now`) when it is the contact's current stage.
 * Deleted contacts are left out.
 */
const STAYS_SQL = `
  select t.stage,
         (round(extract(epoch from (coalesce(t.left_at, $3::timestamptz) - t.entered_at)) / 3600) / 24)::float8 as days,
         (count(*) filter (where t.left_at is not null))::int as ended,
         (count(*) filter (where t.left_at is null))::int as ongoing
    from timeline_entries t
    join contacts c on c.portal_id = t.portal_id and c.contact_id = t.contact_id and not c.deleted
   where t.portal_id = $1 and t.model_id = $2
     and t.entered_at > $3::timestamptz - interval '365 days' and t.entered_at <= $3::timestamptz
     and (t.left_at is not null or (c.stage = t.stage and c.model_id = t.model_id))
   group by 1, 2`;

/**
 * Computes the Kaplan–Meier dwell quantiles of every stage of the portal's model and stores
 * them in stage_dwell (quantiles null below MIN_BASIS stays), with the run's total in
 * stage_dwell_runs for the growth check. Returns them by stage.
 */
export async function computeStageDwell(
  db: Queryable,
  portalId: string,
  model: StageModel,
  now: Date,
): Promise<Map<string, StageDwell>> {
  const r = await db.query<{ stage: string; days: number; ended: number; ongoing: number }>(STAYS_SQL, [
    portalId,
    model.id,
    now.toISOString(),
  ]);
  const groups = new Map<string, StayGroup[]>();
  for (const row of r.rows)
    groups.set(row.stage, [
      ...(groups.get(row.stage) ?? []),
      { days: Math.max(0, Number(row.days)), ended: row.ended, ongoing: row.ongoing },
    ]);
  const dwell = new Map<string, StageDwell>();
  for (const stage of model.stages) {
    const q = kaplanMeierQuantiles(groups.get(stage.id) ?? []);
    dwell.set(stage.id, q.basis < MIN_BASIS ? { p50: null, p75: null, p90: null, basis: q.basis } : q);
  }
  const rows = [...dwell].map(([stage, d]) => ({ stage, p50: d.p50, p75: d.p75, p90: d.p90, basis: d.basis }));
  await db.query('delete from stage_dwell where portal_id = $1 and model_id = $2', [portalId, model.id]);
  await db.query(
    `insert into stage_dwell (portal_id, model_id, stage, p50_days, p75_days, p90_days, basis, computed_at)
     select $1, $2, x.stage, x.p50, x.p75, x.p90, x.basis, $4
       from jsonb_to_recordset($3::jsonb) as x(stage text, p50 float8, p75 float8, p90 float8, basis int)`,
    [portalId, model.id, JSON.stringify(rows), now.toISOString()],
  );
  const stays = rows.reduce((n, row) => n + row.basis, 0);
  await db.query(
    `insert into stage_dwell_runs (portal_id, model_id, stays, appended_since, computed_at) values ($1, $2, $3, 0, $4)
     on conflict (portal_id, model_id) do update set stays = excluded.stays, appended_since = 0, computed_at = excluded.computed_at`,
    [portalId, model.id, stays, now.toISOString()],
  );
  return dwell;
}
