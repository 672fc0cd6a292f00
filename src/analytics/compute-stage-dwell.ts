import type { Queryable } from '../store/db.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';
import { survivalTable, type StayGroup } from './kaplan-meier.ts';
import { MIN_BASIS, type StageDwell } from './classify-health.ts';

/**
 * Per stage: the movers of the last 365 days (stays that ended by moving forward, left_at in
 * (now - 365 days, now]), their count and the quantiles of their length to the hour. A quantile
 * is the shortest length at least that share of the movers had (percentile_disc: "3 in 4 that
 * moved on did so within p75 days" is literally true). Deleted contacts are left out.
 */
const MOVERS_SQL = `
  select t.stage, count(*)::int as n,
         ${[0.5, 0.75, 0.9]
           .map(
             (q, i) =>
               `(round(extract(epoch from percentile_disc(${q}) within group (order by t.left_at - t.entered_at)) / 3600) / 24)::float8 as q${i}`,
           )
           .join(', ')}
    from timeline_entries t
   where t.portal_id = $1 and t.model_id = $2 and t.left_forward
     and t.left_at > $3::timestamptz - interval '365 days' and t.left_at <= $3::timestamptz
     and not exists (select 1 from contacts d where d.portal_id = $1 and d.contact_id = t.contact_id and d.deleted)
   group by t.stage`;

/**
 * Per stage: the stays that began in the last 365 days, grouped by length rounded to the hour,
 * for the forecast's Kaplan–Meier curve: moving forward is the event; a stay a regression ended,
 * or one still going (the contact's current stage), is censored at its length. Deleted contacts
 * are left out.
 */
const STAYS_SQL = `
  select t.stage,
         (round(extract(epoch from (coalesce(t.left_at, $3::timestamptz) - t.entered_at)) / 3600) / 24)::float8 as days,
         (count(*) filter (where t.left_forward))::int as ended,
         (count(*) filter (where not coalesce(t.left_forward, false)))::int as ongoing
    from timeline_entries t
    join contacts c on c.portal_id = t.portal_id and c.contact_id = t.contact_id and not c.deleted
   where t.portal_id = $1 and t.model_id = $2
     and t.entered_at > $3::timestamptz - interval '365 days' and t.entered_at <= $3::timestamptz
     and (t.left_at is not null or (c.stage = t.stage and c.model_id = t.model_id))
   group by 1, 2`;

/**
 * Computes the health thresholds of every stage of the portal's model from its movers and
 * stores them in stage_dwell (quantiles null below MIN_BASIS movers), with the forecast's
 * survival curves in stage_survival and the run's mover count in stage_dwell_runs for the
 * growth check (docs/health.md). Returns the thresholds by stage.
 */
export async function computeStageDwell(
  db: Queryable,
  portalId: string,
  model: StageModel,
  now: Date,
): Promise<Map<string, StageDwell>> {
  const params = [portalId, model.id, now.toISOString()];
  const movers = await db.query<{ stage: string; n: number; q0: number; q1: number; q2: number }>(MOVERS_SQL, params);
  const stays = await db.query<{ stage: string; days: number; ended: number; ongoing: number }>(STAYS_SQL, params);
  const byStage = new Map(movers.rows.map((r) => [r.stage, r]));
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
  await db.query('delete from stage_dwell where portal_id = $1 and model_id = $2', [portalId, model.id]);
  await db.query(
    `insert into stage_dwell (portal_id, model_id, stage, p50_days, p75_days, p90_days, basis, computed_at)
     select $1, $2, x.stage, x.p50, x.p75, x.p90, x.basis, $4
       from jsonb_to_recordset($3::jsonb) as x(stage text, p50 float8, p75 float8, p90 float8, basis int)`,
    [portalId, model.id, JSON.stringify(rows), now.toISOString()],
  );
  await storeSurvival(db, portalId, model, stays.rows);
  const total = rows.reduce((n, row) => n + row.basis, 0);
  await db.query(
    `insert into stage_dwell_runs (portal_id, model_id, stays, appended_since, computed_at) values ($1, $2, $3, 0, $4)
     on conflict (portal_id, model_id) do update set stays = excluded.stays, appended_since = 0, computed_at = excluded.computed_at`,
    [portalId, model.id, total, now.toISOString()],
  );
  return dwell;
}

/** Replaces the portal's forecast curves: one row per stage and distinct stay length. */
async function storeSurvival(
  db: Queryable,
  portalId: string,
  model: StageModel,
  stays: Array<{ stage: string; days: number; ended: number; ongoing: number }>,
): Promise<void> {
  const groups = new Map<string, StayGroup[]>();
  for (const row of stays) {
    const list = groups.get(row.stage) ?? [];
    list.push({ days: Math.max(0, Number(row.days)), ended: row.ended, ongoing: row.ongoing });
    groups.set(row.stage, list);
  }
  const rows = model.stages.flatMap((stage) =>
    survivalTable(groups.get(stage.id) ?? []).map((r) => ({ stage: stage.id, ...r })),
  );
  await db.query('delete from stage_survival where portal_id = $1 and model_id = $2', [portalId, model.id]);
  await db.query(
    `insert into stage_survival (portal_id, model_id, stage, days, at_risk, survival)
     select $1, $2, x.stage, x.days, x."atRisk", x.survival
       from jsonb_to_recordset($3::jsonb) as x(stage text, days float8, "atRisk" int, survival float8)`,
    [portalId, model.id, JSON.stringify(rows)],
  );
}
