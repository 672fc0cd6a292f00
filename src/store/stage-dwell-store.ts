import type { Queryable } from './db.ts';

/**
 * The statements of the health thresholds' tables (docs/health.md): stage_dwell (the quantiles
 * of each stage's movers), stage_survival (the forecast's Kaplan–Meier curves) and
 * stage_dwell_runs (how many movers the last computation saw, and how many came since).
 * The analytics compute what goes in; this module only reads and writes rows.
 */

/** One stage's movers of the last 365 days: their count and the p50/p75/p90 of their stays in days. */
export type MoverRow = { stage: string; n: number; q0: number; q1: number; q2: number };
/** Stays that began in the last 365 days, grouped by length: `ended` moved forward, `ongoing` are censored. */
export type StayLengthRow = { stage: string; days: number; ended: number; ongoing: number };
export type StageDwellRow = {
  stage: string;
  p50: number | null;
  p75: number | null;
  p90: number | null;
  basis: number;
};
export type SurvivalRow = { stage: string; days: number; atRisk: number; survival: number };

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

export async function readMovers(db: Queryable, portalId: string, modelId: string, now: Date): Promise<MoverRow[]> {
  return (await db.query<MoverRow>(MOVERS_SQL, [portalId, modelId, now.toISOString()])).rows;
}

export async function readStayLengths(
  db: Queryable,
  portalId: string,
  modelId: string,
  now: Date,
): Promise<StayLengthRow[]> {
  return (await db.query<StayLengthRow>(STAYS_SQL, [portalId, modelId, now.toISOString()])).rows;
}

/** The stored quantiles of a portal's model, one row per stage (none before the first computation). */
export async function loadStageDwellRows(db: Queryable, portalId: string, modelId: string): Promise<StageDwellRow[]> {
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
  return r.rows.map((row) => ({
    stage: row.stage,
    p50: num(row.p50_days),
    p75: num(row.p75_days),
    p90: num(row.p90_days),
    basis: Number(row.basis),
  }));
}

/**
 * Replaces the model's thresholds and forecast curves, and records the run's mover count with
 * no movers since (the growth check counts from there).
 */
export async function replaceStageDwell(
  db: Queryable,
  portalId: string,
  modelId: string,
  computed: { dwell: readonly StageDwellRow[]; survival: readonly SurvivalRow[]; movers: number; now: Date },
): Promise<void> {
  const at = computed.now.toISOString();
  // Two computations at once (a batch's own and the stage-dwell job's, or two workers' batches)
  // take turns: the second deletes what the first inserted instead of colliding with it. Call
  // this inside a transaction: the lock is held until it ends.
  await db.query(`select pg_advisory_xact_lock(hashtext('stage-dwell:' || $1 || ':' || $2))`, [portalId, modelId]);
  await db.query('delete from stage_dwell where portal_id = $1 and model_id = $2', [portalId, modelId]);
  await db.query(
    `insert into stage_dwell (portal_id, model_id, stage, p50_days, p75_days, p90_days, basis, computed_at)
     select $1, $2, x.stage, x.p50, x.p75, x.p90, x.basis, $4
       from jsonb_to_recordset($3::jsonb) as x(stage text, p50 float8, p75 float8, p90 float8, basis int)`,
    [portalId, modelId, JSON.stringify(computed.dwell), at],
  );
  await db.query('delete from stage_survival where portal_id = $1 and model_id = $2', [portalId, modelId]);
  await db.query(
    `insert into stage_survival (portal_id, model_id, stage, days, at_risk, survival)
     select $1, $2, x.stage, x.days, x."atRisk", x.survival
       from jsonb_to_recordset($3::jsonb) as x(stage text, days float8, "atRisk" int, survival float8)`,
    [portalId, modelId, JSON.stringify(computed.survival)],
  );
  await db.query(
    `insert into stage_dwell_runs (portal_id, model_id, stays, appended_since, computed_at) values ($1, $2, $3, 0, $4)
     on conflict (portal_id, model_id) do update set stays = excluded.stays, appended_since = 0, computed_at = excluded.computed_at`,
    [portalId, modelId, computed.movers, at],
  );
}

/**
 * Adds a batch's moves forward to the movers counted since the last computation; the run's
 * totals after it, or undefined for a model never computed.
 */
export async function addMovesSinceRun(
  db: Queryable,
  portalId: string,
  modelId: string,
  moves: number,
): Promise<{ stays: number; appendedSince: number } | undefined> {
  const r = await db.query<{ stays: number; appended_since: number }>(
    `update stage_dwell_runs set appended_since = appended_since + $3
      where portal_id = $1 and model_id = $2 returning stays, appended_since`,
    [portalId, modelId, moves],
  );
  const row = r.rows[0];
  return row && { stays: row.stays, appendedSince: row.appended_since };
}

/** Whether the model has at least `atLeast` stays that ended by moving forward (a limited scan). */
export async function hasMovers(db: Queryable, portalId: string, modelId: string, atLeast: number): Promise<boolean> {
  const r = await db.query<{ n: number }>(
    `select count(*)::int as n from (select 1 from timeline_entries where portal_id = $1 and model_id = $2 and left_forward limit $3) x`,
    [portalId, modelId, atLeast],
  );
  return r.rows[0]!.n >= atLeast;
}
